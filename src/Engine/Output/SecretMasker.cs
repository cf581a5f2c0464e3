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

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
