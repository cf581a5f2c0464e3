using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Pipeline.Images;

/// <summary>
/// A parsed image reference, <c>[registry/]repository[:tag][@sha256:digest]</c>, following the grammar of
/// distribution/reference. <see cref="Registry"/> is null when the reference names none (Docker Hub).
/// </summary>
public sealed partial record ImageReference(string? Registry, string Repository, string? Tag, string? Digest)
{
    private const int MaxNameLength = 255;

    /// <summary>Registry and repository without tag or digest, e.g. <c>127.0.0.1:5000/team/api</c>.</summary>
    public string Name => Registry is null ? Repository : $"{Registry}/{Repository}";

    /// <summary>The registry host the Docker engine talks to (Docker Hub's when none is named).</summary>
    public string RegistryHost => Registry ?? "registry-1.docker.io";

    /// <summary>Repository path as the registry HTTP API names it (Docker Hub puts single names under library/).</summary>
    public string RepositoryPath => Registry is null && !Repository.Contains('/', StringComparison.Ordinal)
        ? $"library/{Repository}"
        : Repository;

    public ImageReference WithTag(string tag)
    {
        if (!TagPattern().IsMatch(tag))
        {
            throw new InvalidImageReferenceException(
                $"Image tag '{tag}' is invalid: a tag is 1-128 characters of letters, digits, '_', '.', '-' and must not start with '.' or '-'.");
        }

        return this with { Tag = tag, Digest = null };
    }

    public ImageReference WithDigest(string digest)
    {
        if (!DigestPattern().IsMatch(digest))
        {
            throw new InvalidImageReferenceException($"Image digest '{digest}' is invalid: expected sha256: followed by 64 lowercase hex digits.");
        }

        return this with { Digest = digest };
    }

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>Parses a reference or throws <see cref="InvalidImageReferenceException"/> naming what is wrong.</summary>
    public static ImageReference Parse(string reference)
    {
        var error = TryParseCore(reference, out var parsed);
        return error is null ? parsed! : throw new InvalidImageReferenceException(error);
    }

    public static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? parsed)
    {
        parsed = null;
        return reference is not null && TryParseCore(reference, out parsed) is null;
    }

    private static string? TryParseCore(string reference, out ImageReference? parsed)
    {
        parsed = null;
        var hint = "expected [registry/]repository[:tag][@sha256:digest], e.g. registry.example.com/team/api:1.0";
        if (string.IsNullOrWhiteSpace(reference))
        {
            return $"Image reference is empty: {hint}.";
        }

        if (reference.Any(char.IsWhiteSpace))
        {
            return $"Image reference '{reference}' is invalid: it contains whitespace; {hint}.";
        }

        var rest = reference;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                return $"Image reference '{reference}' is invalid: digest '{digest}' is not sha256: followed by 64 lowercase hex digits.";
            }
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                return $"Image reference '{reference}' is invalid: tag '{tag}' must be 1-128 letters, digits, '_', '.', '-' and not start with '.' or '-'.";
            }
        }

        string? registry = null;
        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            var first = rest[..firstSlash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                rest = rest[(firstSlash + 1)..];
                if (!RegistryPattern().IsMatch(registry))
                {
                    return $"Image reference '{reference}' is invalid: registry '{registry}' is not a host[:port].";
                }
            }
        }

        if (rest.Length == 0)
        {
            return $"Image reference '{reference}' is invalid: the repository name is missing; {hint}.";
        }

        if (rest.Any(char.IsUpper))
        {
            return $"Image reference '{reference}' is invalid: repository '{rest}' must be lowercase.";
        }

        foreach (var component in rest.Split('/'))
        {
            if (!PathComponentPattern().IsMatch(component))
            {
                return $"Image reference '{reference}' is invalid: path component '{component}' must be lowercase letters and digits separated by '.', '_', '__' or '-'.";
            }
        }

        var name = registry is null ? rest : $"{registry}/{rest}";
        if (name.Length > MaxNameLength)
        {
            return $"Image reference '{reference}' is invalid: the name is longer than {MaxNameLength} characters.";
        }

        parsed = new ImageReference(registry, rest, tag, digest);
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:]+\])(?::[0-9]+)?$")]
    private static partial Regex RegistryPattern();
}
