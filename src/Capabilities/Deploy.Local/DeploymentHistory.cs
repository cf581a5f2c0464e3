using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Deploy.Local;

/// <summary>The deployment records of an environment: one JSON file per deployment in <c>deployments/</c>.</summary>
public sealed class DeploymentHistory
{
    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal DeploymentHistory(string directory) => Directory = directory;

    /// <summary>The folder holding the records.</summary>
    public string Directory { get; }

    /// <summary>Writes (or overwrites) a record atomically; returns its path.</summary>
    public string Save(DeploymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(record.Id);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(record, Json) + "\n");
        return path;
    }

    /// <summary>The file of a record id.</summary>
    public string PathOf(string id) => Path.Combine(Directory, id + ".json");

    /// <summary>Every readable record, oldest first (unreadable files are skipped: <see cref="Unreadable"/> names them).</summary>
    public IReadOnlyList<DeploymentRecord> List() => Read().Records;

    /// <summary>The record files that are not valid records, each as "file: why" (Status shows them).</summary>
    public IReadOnlyList<string> Unreadable() => Read().Unreadable;

    private (IReadOnlyList<DeploymentRecord> Records, IReadOnlyList<string> Unreadable) Read()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return ([], []);
        }

        var records = new List<DeploymentRecord>();
        var unreadable = new List<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                if (JsonSerializer.Deserialize<DeploymentRecord>(File.ReadAllText(file), Json) is { } record)
                {
                    records.Add(record);
                }
                else
                {
                    unreadable.Add($"{file}: it holds null");
                }
            }
            catch (JsonException e)
            {
                // Not worth failing a deploy for; Status names it.
                unreadable.Add($"{file}: {e.Message.Split(" Path:")[0]}");
            }
        }

        return ([.. records.OrderBy(r => r.StartedAt).ThenBy(r => r.Id, StringComparer.Ordinal)], unreadable);
    }

    /// <summary>The last <paramref name="count"/> records, newest first.</summary>
    public IReadOnlyList<DeploymentRecord> Latest(int count) => [.. List().Reverse().Take(count)];
}
