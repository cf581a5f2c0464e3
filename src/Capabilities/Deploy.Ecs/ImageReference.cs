using System.Text.RegularExpressions;

namespace Pipeline.Deploy.Ecs;

/// <summary>An image by digest, <c>registry/repository@sha256:…</c>, as ECS deploys it.</summary>
public sealed partial record ImageReference(string Registry, string Repository, string Digest)
{
    /// <summary>The full reference.</summary>
    public override string ToString() => $"{Registry}/{Repository}@{Digest}";

    /// <summary>The account id when the registry is an ECR one (<c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>).</summary>
    public string? EcrRegistryId => EcrHost().Match(Registry) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Parses <paramref name="image"/>; throws <see cref="DeployException"/> when it is not by digest.</summary>
    public static ImageReference Parse(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (at < 0 || !DigestPattern().IsMatch(image[(at + 1)..]))
        {
            throw new DeployException(
                $"ECS deploys an image by digest, not '{image}': pass --image <registry>/<repository>@sha256:<64 hex> (the digest the image job pushed)");
        }

        if (slash < 0 || slash > at)
        {
            throw new DeployException($"image '{image}' names no registry: pass --image <registry>/<repository>@sha256:…");
        }

        return new ImageReference(image[..slash], image[(slash + 1)..at], image[(at + 1)..]);
    }

    [GeneratedRegex(@"^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^(\d{12})\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$")]
    private static partial Regex EcrHost();
}
