namespace Pipeline.Testing.Images;

/// <summary>A build context in a fresh temp folder holding one Dockerfile; disposing it deletes the folder.</summary>
public sealed class TempContext : IDisposable
{
    public TempContext(string dockerfile)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pipeline-images-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
        File.WriteAllText(System.IO.Path.Combine(Path, "Dockerfile"), dockerfile);
    }

    public string Path { get; }

    public static implicit operator string(TempContext context) => context.Path;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
