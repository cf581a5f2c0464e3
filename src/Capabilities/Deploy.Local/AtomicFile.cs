namespace Pipeline.Deploy.Local;

/// <summary>Writes a file through a temporary sibling and a rename, so a kill -9 never leaves half a file.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
