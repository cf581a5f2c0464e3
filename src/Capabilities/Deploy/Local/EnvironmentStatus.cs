using System.Globalization;
using System.Text;
using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>
/// What <c>Status</c> shows: the environment's URL, the edge and its weights, each colour's version and process, and
/// the last deployments. Read with <see cref="ReadAsync"/>, print with <see cref="ToText"/>.
/// </summary>
public sealed record EnvironmentStatus(
    string Environment,
    Uri Url,
    EnvironmentState State,
    EdgeState? Edge,
    string? EdgeProblem,
    IReadOnlyList<DeploymentRecord> Recent)
{
    /// <summary>Reads the environment's state, asks its edge (if it answers) and takes the last <paramref name="recent"/> records.</summary>
    public static async Task<EnvironmentStatus> ReadAsync(LocalEnvironment environment, int recent = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        EdgeState? edge = null;
        string? problem = null;
        try
        {
            using var client = await EdgeClient.ConnectAsync(environment.EdgeDirectory, cancellationToken);
            edge = await client.GetStateAsync(cancellationToken);
        }
        catch (EdgeException e)
        {
            problem = e.Message;
        }

        return new EnvironmentStatus(environment.Name, environment.PublicUrl, environment.ReadState(), edge, problem, environment.History.Latest(recent));
    }

    /// <summary>Plain text for the console.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var line = (string s) => text.Append(s).Append('\n');
        line($"Environment {Environment}: {Url}");
        line(Edge is { } e
            ? $"  edge      pid {e.Pid}, routes {e.Routes}"
            : $"  edge      not running ({EdgeProblem})");
        if (State.Colours.Count == 0)
        {
            line("  colours   none running");
        }

        foreach (var (name, colour) in State.Colours)
        {
            var weight = Edge is { } edge && EdgeColours.TryParse(name, out var c) ? $"{edge.Routes.WeightOf(c.Value)} %" : "?";
            var active = name == State.ActiveColour ? " (active)" : "";
            line(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-9} {colour.Version}{active}, weight {weight}, {RuntimeOf(colour)}, http://127.0.0.1:{colour.Port}, {colour.Phase}"));
        }

        line(Recent.Count == 0 ? "  no deployments yet" : "  last deployments:");
        foreach (var r in Recent)
        {
            var reason = r.RollbackReason is { } why ? $" — {why.Message}" : "";
            line(string.Create(CultureInfo.InvariantCulture,
                $"    {r.StartedAt:yyyy-MM-dd HH:mm:ss}Z {r.Kind} {r.Release.Version} by {r.Initiator}: {r.Outcome} in {r.Duration.TotalSeconds:0.0}s{reason}"));
        }

        return text.ToString();
    }

    /// <summary>"pid 4242" on the Process platform, "container 3f2a9c1d0b7e" (Docker's short id) on the Docker platform.</summary>
    private static string RuntimeOf(ColourState colour) => colour switch
    {
        { Pid: { } pid } => string.Create(CultureInfo.InvariantCulture, $"pid {pid}"),
        { ContainerId: { } id } => $"container {id[..Math.Min(12, id.Length)]}",
        _ => "not running",
    };
}
