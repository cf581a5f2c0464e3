using System.Security.Cryptography;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The database password of a Docker environment: generated once, kept in a file only the user can read (0600), and
/// kept by Down together with the database volume it was initialised with.
/// </summary>
internal static class DatabasePassword
{
    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        var partial = path + ".partial";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(partial, create))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(password + "\n");
        }

        File.Move(partial, path, overwrite: true);
        return password;
    }
}
