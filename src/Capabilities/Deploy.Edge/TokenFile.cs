using System.Security.Cryptography;

namespace Pipeline.Deploy.Edge;

/// <summary>The control API's bearer token: a random secret in a file only the user can read (0600).</summary>
internal static class TokenFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string LoadOrCreate(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, EdgeInfo.TokenFileName);
        if (!File.Exists(path))
        {
            Write(path, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnly); // someone loosened it: a token others can read is no secret
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>Writes the running edge's <paramref name="token"/> again when its file was lost (the edge does it on SIGHUP).</summary>
    public static bool Restore(string stateDirectory, string token)
    {
        var path = Path.Combine(stateDirectory, EdgeInfo.TokenFileName);
        if (File.Exists(path))
        {
            return false;
        }

        Write(path, token);
        return true;
    }

    /// <summary>Writes the token whole (a temporary file moved into place), so a reader never sees it half-written.</summary>
    private static void Write(string path, string token)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var writer = new StreamWriter(temp, options))
        {
            writer.Write(token);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // created by a concurrent start: use that one
        }
    }

    /// <summary>Constant-time check of an <c>Authorization: Bearer …</c> header value.</summary>
    public static bool Matches(string token, string? authorization)
    {
        const string prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var given = System.Text.Encoding.UTF8.GetBytes(authorization[prefix.Length..].Trim());
        var expected = System.Text.Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
