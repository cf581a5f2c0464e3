namespace Pipeline.Images.Pushing;

/// <summary>
/// An image the registry holds: <see cref="Reference"/> is the tag pushed, <see cref="Digest"/> the manifest digest.
/// <see cref="Pinned"/> (<c>&lt;repository&gt;@sha256:…</c>) is what deploys should use: it cannot move.
/// </summary>
public sealed record PushedImage(ImageReference Reference, string Digest, bool Skipped, int LayersPushed, int LayersExisting, long BytesPushed)
{
    public string Pinned => $"{Reference.Name}@{Digest}";
}
