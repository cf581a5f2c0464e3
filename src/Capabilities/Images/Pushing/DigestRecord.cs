namespace Pipeline.Images.Pushing;

/// <summary>
/// Hands the pushed digest on as an artifact file holding <c>&lt;repository&gt;@sha256:…</c> (the build host sets the
/// step outputs).
/// </summary>
public static class DigestRecord
{
    /// <param name="image">The pushed image.</param>
    /// <param name="artifactPath">File to write <c>&lt;repository&gt;@sha256:…</c> to (directories are created).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(PushedImage image, string artifactPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var directory = Path.GetDirectoryName(Path.GetFullPath(artifactPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(artifactPath, image.Pinned + "\n", cancellationToken);
    }

    /// <summary>Reads an artifact written by <see cref="WriteAsync"/> back as a digest-pinned reference.</summary>
    public static async Task<ImageReference> ReadAsync(string artifactPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(artifactPath))
        {
            throw new ImageException($"Image digest file {artifactPath} does not exist; run the Push target first.");
        }

        var reference = ImageReference.Parse((await File.ReadAllTextAsync(artifactPath, cancellationToken)).Trim());
        return reference.Digest is null
            ? throw new InvalidImageReferenceException($"Image digest file {artifactPath} holds '{reference}', which is not pinned by digest; run the Push target again.")
            : reference;
    }
}
