namespace Pipeline.Images.Pushing;

/// <summary>
/// Hands the pushed digest on: an artifact file holding <c>&lt;repository&gt;@sha256:…</c>, and on GitHub Actions
/// (<c>GITHUB_OUTPUT</c> set) the step outputs <c>image</c> and <c>digest</c>.
/// </summary>
public static class DigestRecord
{
    /// <summary>Writes the artifact and, when <c>GITHUB_OUTPUT</c> is set, the step outputs.</summary>
    public static Task WriteAsync(PushedImage image, string artifactPath, CancellationToken cancellationToken) =>
        WriteAsync(image, artifactPath, Environment.GetEnvironmentVariable("GITHUB_OUTPUT"), cancellationToken);

    /// <param name="image">The pushed image.</param>
    /// <param name="artifactPath">File to write <c>&lt;repository&gt;@sha256:…</c> to (directories are created).</param>
    /// <param name="githubOutput">GitHub Actions step output file; null or empty writes none.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public static async Task WriteAsync(PushedImage image, string artifactPath, string? githubOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var directory = Path.GetDirectoryName(Path.GetFullPath(artifactPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(artifactPath, image.Pinned + "\n", cancellationToken);
        if (!string.IsNullOrEmpty(githubOutput))
        {
            await File.AppendAllTextAsync(githubOutput, $"image={image.Pinned}\ndigest={image.Digest}\n", cancellationToken);
        }
    }

    /// <summary>Reads an artifact written by <see cref="WriteAsync(PushedImage, string, CancellationToken)"/> back as a digest-pinned reference.</summary>
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
