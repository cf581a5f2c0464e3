namespace Pipeline.Engine.Output;

/// <summary>Replaces every known secret value with <c>***</c>. Thread-safe; longer secrets are replaced first.</summary>
public sealed class SecretMasker
{
    public const string Mask = "***";
    private readonly Lock _gate = new();
    private string[] _secrets = [];

    /// <summary>Registers a secret; each line of a multi-line value is masked on its own. Values under 3 characters are ignored.</summary>
    public bool Add(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        var added = false;
        lock (_gate)
        {
            foreach (var part in secret.Split('\n').Select(p => p.TrimEnd('\r')).Where(p => p.Trim().Length >= 3))
            {
                if (!_secrets.Contains(part, StringComparer.Ordinal))
                {
                    _secrets = [.. _secrets.Append(part).OrderByDescending(s => s.Length)];
                    added = true;
                }
            }
        }

        return added;
    }

    public IReadOnlyList<string> Secrets => _secrets;

    /// <summary>
    /// What to mask for one secret value: the value, and when it is a connection string (<c>key=value;…</c>) the values
    /// that identify or open the resource on their own — a SQLite file's path, a password, a user — since code prints
    /// them apart from the string ("migrating /data/app.db"). Host names and options are left readable.
    /// </summary>
    public static IReadOnlyList<string> PartsOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var parts = new List<string> { secret };
        if (!secret.Contains('=', StringComparison.Ordinal) || secret.Contains('\n', StringComparison.Ordinal))
        {
            return parts;
        }

        foreach (var pair in secret.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var key = pair[..at].Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            var value = pair[(at + 1)..].Trim().Trim('"', '\'');
            if (key is "DATASOURCE" or "FILENAME" or "PASSWORD" or "PWD" or "USERID" or "UID" or "USERNAME" or "USER" && value.Length >= 3)
            {
                parts.Add(value);
            }
        }

        return parts;
    }

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
