namespace Pipeline.Images.Building;

/// <summary>An image the engine built: its id (<c>sha256:…</c>) and the references it was tagged with.</summary>
public sealed record BuiltImage(string Id, IReadOnlyList<ImageReference> Tags)
{
    public override string ToString() => $"{Id} ({string.Join(", ", Tags)})";
}
