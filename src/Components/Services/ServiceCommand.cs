namespace Pipeline.Components.Services;

/// <summary>
/// A program run for a service (a check, the step that prepares its image): <c>new("python3", "-m", "pytest")</c>, or
/// a string split on spaces (<c>"flake8 ."</c>; use the constructor for arguments that contain spaces). It runs in
/// <see cref="WorkingDirectory"/>, by default the service's folder, with its output streamed.
/// </summary>
/// <param name="Program">The program, found on the PATH (<c>flake8</c>, <c>node</c>, <c>dotnet</c>).</param>
/// <param name="Arguments">Its arguments, passed as they are (no shell).</param>
public sealed record ServiceCommand(string Program, params IReadOnlyList<string> Arguments)
{
    /// <summary>The folder it runs in, relative to the repository root; null: the service's <see cref="ServiceDeclaration.Directory"/>.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra environment variables for the program.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary><c>"flake8 ."</c> → <c>flake8</c> with the argument <c>.</c>.</summary>
    public static implicit operator ServiceCommand(string commandLine) => Parse(commandLine);

    /// <summary>Splits <paramref name="commandLine"/> on spaces: the program, then its arguments.</summary>
    public static ServiceCommand Parse(string commandLine)
    {
        var words = (commandLine ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0
            ? throw new ArgumentException("a service command needs a program, e.g. \"python3 -m pytest\"", nameof(commandLine))
            : new ServiceCommand(words[0], words[1..]);
    }

    /// <summary><c>dotnet publish &lt;project&gt; -c Release -o &lt;output&gt;</c>: prepares a .NET service's image context.</summary>
    public static ServiceCommand DotNetPublish(string project, string output) =>
        new("dotnet", "publish", project, "-c", "Release", "-o", output);

    public override string ToString() => string.Join(' ', [Program, .. Arguments]);
}
