namespace Pipeline.Engine.Paths;

/// <summary>A normalized absolute path; <c>root / "artifacts" / "coverage"</c> combines.</summary>
public sealed record AbsolutePath
{
    public AbsolutePath(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
        }

        Value = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
    }

    public string Value { get; }

    public string Name => Path.GetFileName(Value);

    public AbsolutePath Parent => new(Path.GetDirectoryName(Value) ?? Value);

    public static AbsolutePath operator /(AbsolutePath left, string right) => new(Path.Combine(left.Value, right));

    public static implicit operator string(AbsolutePath path) => path.Value;

    public bool Exists() => File.Exists(Value) || Directory.Exists(Value);

    public AbsolutePath CreateDirectory()
    {
        Directory.CreateDirectory(Value);
        return this;
    }

    /// <summary>This path relative to <paramref name="root"/>, with forward slashes.</summary>
    public string RelativeTo(AbsolutePath root) => Path.GetRelativePath(root.Value, Value).Replace('\\', '/');

    public override string ToString() => Value;
}
