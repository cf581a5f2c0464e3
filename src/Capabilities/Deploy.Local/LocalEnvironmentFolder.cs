using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Deploy.Ledger;

namespace Pipeline.Deploy.Local;

/// <summary>
/// A named environment's local home, <c>.pipeline/environments/&lt;name&gt;/</c> under the repository root:
/// <c>current.json</c> (what runs), <c>deployments/</c> (records), <c>releases/</c> (durable copies of what runs),
/// <c>logs/</c>, <c>data/</c> (the local database, kept by Down), <c>edge/</c> (the edge's state) and the deploy lock.
/// </summary>
public sealed partial class LocalEnvironmentFolder
{
    private LocalEnvironmentFolder(string name, LocalEdgePorts edgePorts, string directory)
    {
        Name = name;
        EdgePorts = edgePorts;
        Directory = directory;
        History = new DeploymentHistory(Path.Combine(directory, "deployments"));
    }

    /// <summary>The environment's name (lower-case letters, digits and dashes), which names the folder.</summary>
    public string Name { get; }

    /// <summary>The loopback ports of the environment's edge.</summary>
    public LocalEdgePorts EdgePorts { get; }

    /// <summary>The environment's folder.</summary>
    public string Directory { get; }

    /// <summary>The deployment records.</summary>
    public DeploymentHistory History { get; }

    public string ReleasesDirectory => Path.Combine(Directory, "releases");

    public string LogsDirectory => Path.Combine(Directory, "logs");

    /// <summary>Where the local database lives; <c>Down</c> keeps it.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The edge proxy's state directory (its info, token, routes and log).</summary>
    public string EdgeDirectory => Path.Combine(Directory, "edge");

    /// <summary>The production URL: http://127.0.0.1:&lt;public port&gt;/.</summary>
    public Uri PublicUrl => EdgePorts.PublicUrl;

    private string StatePath => Path.Combine(Directory, "current.json");

    /// <summary>Null when <paramref name="name"/> and <paramref name="edgePorts"/> make a valid local environment; otherwise one line saying what is wrong.</summary>
    public static string? Validate(string name, LocalEdgePorts edgePorts)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(edgePorts);
        return NamePattern().IsMatch(name)
            ? edgePorts.Validate(name)
            : $"environment name '{name}' is invalid: use lower-case letters, digits and dashes (e.g. local, staging-2)";
    }

    /// <summary>
    /// Opens environment <paramref name="name"/>'s folder under <paramref name="rootDirectory"/> (the repository root),
    /// creating it. Throws <see cref="DeploySettingsException"/> when the name or the ports are invalid.
    /// </summary>
    public static LocalEnvironmentFolder Open(string rootDirectory, string name, LocalEdgePorts edgePorts)
    {
        ArgumentNullException.ThrowIfNull(rootDirectory);
        if (Validate(name, edgePorts) is { } invalid)
        {
            throw new DeploySettingsException(invalid);
        }

        var directory = Path.GetFullPath(Path.Combine(rootDirectory, ".pipeline", "environments", name));
        System.IO.Directory.CreateDirectory(directory);
        return new LocalEnvironmentFolder(name, edgePorts, directory);
    }

    /// <summary>Expands <c>{data}</c> in a declared value to <see cref="DataDirectory"/>, creating it when used.</summary>
    public string ExpandData(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains("{data}", StringComparison.Ordinal))
        {
            return value;
        }

        System.IO.Directory.CreateDirectory(DataDirectory);
        return value.Replace("{data}", DataDirectory, StringComparison.Ordinal);
    }

    /// <summary>
    /// Takes the environment's exclusive lock, waiting up to <paramref name="timeout"/> for another holder; throws
    /// <see cref="EnvironmentLockedException"/> naming the holder after that.
    /// </summary>
    public Task<DeploymentLock> LockAsync(string purpose, TimeSpan timeout, CancellationToken cancellationToken) =>
        DeploymentLock.AcquireAsync(Directory, Name, purpose, timeout, cancellationToken);

    /// <summary>
    /// Reads <c>current.json</c> (an empty state when there is none). Throws <see cref="DeployException"/> when it is not
    /// valid JSON; reconcile and Status use <see cref="TryReadState"/> and rebuild it from what runs instead.
    /// </summary>
    public EnvironmentState ReadState() =>
        TryReadState(out var problem) ?? (problem is null ? new EnvironmentState() : throw new DeployException(problem));

    /// <summary>
    /// Reads <c>current.json</c>: null with <paramref name="problem"/> set when it is not valid JSON, null with no
    /// problem when there is none (no deploy yet, or deleted).
    /// </summary>
    public EnvironmentState? TryReadState(out string? problem)
    {
        problem = null;
        if (!File.Exists(StatePath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EnvironmentState>(File.ReadAllText(StatePath), DeploymentHistory.Json)
                ?? throw new JsonException("it holds null");
        }
        catch (JsonException e)
        {
            problem = $"{StatePath} is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.', ' ')})";
            return null;
        }
    }

    /// <summary>Writes <c>current.json</c> atomically.</summary>
    public void WriteState(EnvironmentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        AtomicFile.WriteAllText(StatePath, JsonSerializer.Serialize(state with { UpdatedAt = DateTimeOffset.UtcNow }, DeploymentHistory.Json) + "\n");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();
}
