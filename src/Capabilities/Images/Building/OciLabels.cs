using System.Globalization;

namespace Pipeline.Images.Building;

/// <summary>The OCI annotation labels (<c>org.opencontainers.image.*</c>) for an image built from a revision.</summary>
public static class OciLabels
{
    public const string Source = "org.opencontainers.image.source";
    public const string Revision = "org.opencontainers.image.revision";
    public const string Created = "org.opencontainers.image.created";
    public const string Version = "org.opencontainers.image.version";

    public static IReadOnlyDictionary<string, string> For(ImageSource source, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var created = source.Created ?? (clock ?? TimeProvider.System).GetUtcNow();
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Revision] = source.Sha.Trim().ToLowerInvariant(),
            [Created] = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrWhiteSpace(source.RepositoryUrl))
        {
            labels[Source] = source.RepositoryUrl.Trim();
        }

        if (!string.IsNullOrWhiteSpace(source.Version))
        {
            labels[Version] = source.Version.Trim().TrimStart('v', 'V');
        }

        return labels;
    }
}
