using System.Text.Json;
using Pipeline.Deploy.Ledger;

namespace Pipeline.Deploy.Local;

/// <summary>
/// A named environment's local home, <c>.pipeline/environments/&lt;name&gt;/</c> under the repository root:
/// <c>current.json</c> (what runs), <c>deployments/</c> (records), <c>releases/</c> (durable copies of what runs),
/// <c>logs/</c>, <c>data/</c> (the local database, kept by Down), <c>edge/</c> (the edge's state) and the deploy lock.
/// </summary>
public sealed class LocalEnvironment
{
    private LocalEnvironment(EnvironmentDefinition definition, string directory)
    {
        Definition = definition;
        Directory = directory;
        History = new DeploymentHistory(Path.Combine(directory, "deployments"));
    }

    public EnvironmentDefinition Definition { get; }

    public string Name => Definition.Name;

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
    public Uri PublicUrl => new($"http://127.0.0.1:{Definition.PublicPort}/");

    private string StatePath => Path.Combine(Directory, "current.json");

    /// <summary>
    /// Opens environment <paramref name="name"/> under <paramref name="rootDirectory"/> (the repository root), creating
    /// its folder. <paramref name="known"/> defaults to <see cref="EnvironmentDefinition.Defaults"/>. Throws
    /// <see cref="DeploySettingsException"/> naming the known environments when the name is unknown.
    /// </summary>
    public static LocalEnvironment Open(string rootDirectory, string name, IReadOnlyList<EnvironmentDefinition>? known = null)
    {
        ArgumentNullException.ThrowIfNull(rootDirectory);
        known ??= EnvironmentDefinition.Defaults;
        foreach (var candidate in known)
        {
            if (candidate.Validate() is { } error)
            {
                throw new DeploySettingsException(error);
            }
        }

        var definition = known.FirstOrDefault(d => d.Name == name)
            ?? throw new DeploySettingsException(
                $"unknown environment '{name}': known environments are {string.Join(", ", known.Select(d => d.Name))}");
        return Open(rootDirectory, definition);
    }

    /// <summary>
    /// Opens the environment <paramref name="definition"/> describes under <paramref name="rootDirectory"/>, creating its
    /// folder. Throws <see cref="DeploySettingsException"/> when the definition is invalid.
    /// </summary>
    public static LocalEnvironment Open(string rootDirectory, EnvironmentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(rootDirectory);
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Validate() is { } invalid)
        {
            throw new DeploySettingsException(invalid);
        }

        var directory = Path.GetFullPath(Path.Combine(rootDirectory, ".pipeline", "environments", definition.Name));
        System.IO.Directory.CreateDirectory(directory);
        return new LocalEnvironment(definition, directory);
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
}
