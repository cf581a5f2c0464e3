using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Aws.Local.Logs;

/// <summary>
/// CloudWatch Logs' groups and streams in a directory, so a restarted stand-in still serves them: a folder per group
/// (holding its creation time), a JSON-lines file per stream whose first line is its creation time.
/// </summary>
internal sealed class LogStore(string directory)
{
    private const string GroupFile = ".group";
    private readonly Lock gate = new();

    public bool GroupExists(string group)
    {
        lock (gate)
        {
            return File.Exists(Path.Combine(GroupDirectory(group), GroupFile));
        }
    }

    /// <summary>Creates the group; false when it exists already.</summary>
    public bool CreateGroup(string group)
    {
        lock (gate)
        {
            var path = Path.Combine(GroupDirectory(group), GroupFile);
            if (File.Exists(path))
            {
                return false;
            }

            Directory.CreateDirectory(GroupDirectory(group));
            File.WriteAllText(path, Now().ToString(CultureInfo.InvariantCulture));
            return true;
        }
    }

    /// <summary>The groups, by name, with their creation time.</summary>
    public IReadOnlyList<(string Name, long CreationTime)> Groups()
    {
        lock (gate)
        {
            if (!Directory.Exists(directory))
            {
                return [];
            }

            return [.. Directory.EnumerateDirectories(directory)
                .Where(d => File.Exists(Path.Combine(d, GroupFile)))
                .Select(d => (Uri.UnescapeDataString(Path.GetFileName(d)), long.Parse(File.ReadAllText(Path.Combine(d, GroupFile)), CultureInfo.InvariantCulture)))
                .OrderBy(g => g.Item1, StringComparer.Ordinal)];
        }
    }

    /// <summary>Creates the stream of an existing group unless it exists.</summary>
    public void EnsureStream(string group, string stream) => Append(group, stream, []);

    /// <summary>Appends events to a stream of an existing group, creating the stream when needed.</summary>
    public void Append(string group, string stream, IEnumerable<(long Timestamp, string Message)> events)
    {
        lock (gate)
        {
            var path = StreamFile(group, stream);
            var text = new StringBuilder();
            var now = Now();
            if (!File.Exists(path))
            {
                text.Append(new JsonObject { ["created"] = now }.ToJsonString()).Append('\n');
            }

            foreach (var (timestamp, message) in events)
            {
                text.Append(new JsonObject { ["t"] = timestamp, ["m"] = message, ["i"] = now }.ToJsonString()).Append('\n');
            }

            File.AppendAllText(path, text.ToString());
        }
    }

    /// <summary>The events of a stream in the order they were written, or null when the stream does not exist.</summary>
    public IReadOnlyList<LogEvent>? Events(string group, string stream)
    {
        lock (gate)
        {
            var path = StreamFile(group, stream);
            return File.Exists(path) ? [.. Read(path).Events] : null;
        }
    }

    /// <summary>The streams of a group, by name.</summary>
    public IReadOnlyList<LogStreamInfo> Streams(string group)
    {
        lock (gate)
        {
            var folder = GroupDirectory(group);
            if (!Directory.Exists(folder))
            {
                return [];
            }

            return [.. Directory.EnumerateFiles(folder, "*.jsonl")
                .Select(path =>
                {
                    var (created, events) = Read(path);
                    return new LogStreamInfo(
                        Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(path)),
                        created,
                        events.Count > 0 ? events.Min(e => e.Timestamp) : null,
                        events.Count > 0 ? events.Max(e => e.Timestamp) : null,
                        events.Count > 0 ? events[^1].IngestionTime : null);
                })
                .OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
    }

    private static (long Created, List<LogEvent> Events) Read(string path)
    {
        var created = 0L;
        var events = new List<LogEvent>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            var node = JsonNode.Parse(line)!.AsObject();
            if (node["created"] is { } c)
            {
                created = c.GetValue<long>();
                continue;
            }

            events.Add(new LogEvent(node["t"]!.GetValue<long>(), node["m"]!.GetValue<string>(), node["i"]!.GetValue<long>()));
        }

        return (created, events);
    }

    private string GroupDirectory(string group) => Path.Combine(directory, Uri.EscapeDataString(group));

    private string StreamFile(string group, string stream) => Path.Combine(GroupDirectory(group), Uri.EscapeDataString(stream) + ".jsonl");

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
