using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Foundation.Processes;

namespace Pipeline.Deploy.Edge;

/// <summary>
/// Keeps the colours' OS processes running (the Process platform registers each instance once it is ready): it looks at
/// them every <see cref="CheckInterval"/> (at once when a request finds one refusing connections) and starts a dead one
/// again with the command line, folder, environment and log it had, on the same port, so its route stays right. One that
/// keeps dying right after a restart is started again later and later, then given up, with the reason in
/// <c>GET /state</c>. What is kept (colour and pid, never the environment) is in <c>edge-kept.json</c>, so a restarted
/// edge keeps the same processes.
/// </summary>
internal sealed class ProcessKeeper : IAsyncDisposable
{
    public const string FileName = "edge-kept.json";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan QuickDeath = TimeSpan.FromSeconds(10);
    private const int MaxQuickDeaths = 5;

    private readonly string stateDirectory;
    private readonly Func<EdgeColour, Uri?> addressOf;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<EdgeColour, Kept> kept = [];
    private readonly SemaphoreSlim nudge = new(0, 1);
    private readonly CancellationTokenSource stop = new();
    private Task loop = Task.CompletedTask;

    public ProcessKeeper(string stateDirectory, Func<EdgeColour, Uri?> addressOf, ILogger logger)
    {
        this.stateDirectory = stateDirectory;
        this.addressOf = addressOf;
        this.logger = logger;
    }

    /// <summary>Takes up what a previous edge kept (<c>edge-kept.json</c>) and starts watching.</summary>
    public void Start()
    {
        foreach (var saved in Load())
        {
            var alive = IsAlive(saved.Pid, saved.StartedAt);
            var image = alive ? ProcessImage.Read(saved.Pid, LogOf(saved.Colour), out _) : null;
            kept[saved.Colour] = new Kept(saved.Colour, saved.Pid, saved.StartedAt, image)
            {
                Restarts = saved.Restarts,
                Problem = image is not null ? null
                    : $"pid {saved.Pid} died while the edge was not running, and only the running process tells the edge how to start it",
            };
        }

        loop = Task.Run(() => WatchAsync(stop.Token));
    }

    /// <summary>Keeps <paramref name="pid"/> running as <paramref name="colour"/>'s process; null, or why it cannot.</summary>
    public string? Keep(EdgeColour colour, int pid)
    {
        if (StartTimeOf(pid) is not { } startedAt)
        {
            return $"pid {pid} is not running";
        }

        if (ProcessImage.Read(pid, LogOf(colour), out var problem) is not { } image)
        {
            return problem;
        }

        lock (gate)
        {
            if (kept.Remove(colour, out var before))
            {
                before.Child?.Dispose();
            }

            kept[colour] = new Kept(colour, pid, startedAt, image);
            Save();
        }

        logger.LogInformation("Keeping {Colour} running: pid {Pid} ({Command})", colour.ToText(), pid, string.Join(' ', image.Command));
        return null;
    }

    /// <summary>Stops keeping <paramref name="colour"/>'s process (only when it is <paramref name="pid"/>, if given); true when it was kept.</summary>
    public bool Forget(EdgeColour colour, int? pid)
    {
        lock (gate)
        {
            if (!kept.TryGetValue(colour, out var current) || (pid is { } p && p != current.Pid))
            {
                return false;
            }

            kept.Remove(colour);
            current.Child?.Dispose();
            Save();
        }

        logger.LogInformation("No longer keeping {Colour} running", colour.ToText());
        return true;
    }

    public IReadOnlyList<KeptProcess> Snapshot()
    {
        lock (gate)
        {
            return [.. kept.Values.OrderBy(k => k.Colour).Select(k => new KeptProcess(k.Colour, k.Pid, k.Restarts, k.LastRestartAt, k.LastDeath, k.Problem))];
        }
    }

    /// <summary>
    /// How many times <paramref name="colour"/>'s process came back listening after a restart (a request notes it before
    /// it is sent), or null when it is not kept.
    /// </summary>
    public int? ServingEpochOf(EdgeColour colour)
    {
        lock (gate)
        {
            return kept.TryGetValue(colour, out var k) && k.Problem is null ? k.ServingEpoch : null;
        }
    }

    /// <summary>Look now: a request found the colour refusing connections.</summary>
    public void Nudge()
    {
        try
        {
            nudge.Release();
        }
        catch (SemaphoreFullException)
        {
            // a look is already due
        }
    }

    /// <summary>
    /// Waits until <paramref name="colour"/>'s process listens again after <paramref name="epoch"/> (see
    /// <see cref="ServingEpochOf"/>): started again, or still starting after a restart. False when it is not kept, given
    /// up, not back within <paramref name="timeout"/>, or neither dead nor starting a second after it was asked to look.
    /// </summary>
    public async Task<bool> WaitServingAgainAsync(EdgeColour colour, int epoch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !cancellationToken.IsCancellationRequested)
        {
            lock (gate)
            {
                if (!kept.TryGetValue(colour, out var k) || k.Problem is not null)
                {
                    return false;
                }

                if (k.ServingEpoch > epoch)
                {
                    return true;
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(1) && k.Listening && k.DiedAt is null && k.ServingEpoch == epoch)
                {
                    return false; // it runs and was never seen dead: it refused for a reason of its own
                }
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        lock (gate)
        {
            foreach (var k in kept.Values)
            {
                k.Child?.Dispose(); // the processes themselves keep running: they are the environment
            }
        }

        stop.Dispose();
        nudge.Dispose();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await nudge.WaitAsync(CheckInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<Kept> watched;
            lock (gate)
            {
                watched = [.. kept.Values.Where(k => k.Problem is null)];
            }

            foreach (var k in watched)
            {
                Check(k);
            }
        }
    }

    private void Check(Kept k)
    {
        var alive = k.Child is { } child ? !child.HasExited : IsAlive(k.Pid, k.StartedAt);
        if (alive)
        {
            if (!k.Listening && Listens(addressOf(k.Colour)))
            {
                lock (gate)
                {
                    k.Listening = true;
                    k.ServingEpoch++;
                }
            }

            return;
        }

        lock (gate)
        {
            if (!kept.TryGetValue(k.Colour, out var current) || current != k)
            {
                return; // forgotten while we looked
            }

            var now = DateTimeOffset.UtcNow;
            if (k.DiedAt is null)
            {
                k.DiedAt = now;
                k.Death = k.Child is { } c ? $"pid {k.Pid} exited with code {c.ExitCode.ToString(CultureInfo.InvariantCulture)}" : $"pid {k.Pid} was gone";
                k.QuickDeaths = k.LastRestartAt is { } last && now - last < QuickDeath ? k.QuickDeaths + 1 : 0;
                logger.LogWarning("{Colour}'s process died ({Death})", k.Colour.ToText(), k.Death);
            }

            if (k.QuickDeaths >= MaxQuickDeaths)
            {
                k.Problem = $"it died {k.QuickDeaths} times within {QuickDeath.TotalSeconds:0} s of being started again (last: {k.Death}; log {k.Image!.LogFile})";
                logger.LogError("Giving up on {Colour}: {Problem}", k.Colour.ToText(), k.Problem);
                return;
            }

            // one that dies right after a restart waits 1, 2, 4, 8 s before the next
            var delay = k.QuickDeaths == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Pow(2, k.QuickDeaths - 1));
            if (now < k.DiedAt + delay)
            {
                return;
            }

            Restart(k, now);
        }
    }

    private void Restart(Kept k, DateTimeOffset now)
    {
        try
        {
            var child = k.Image!.Start();
            k.Child?.Dispose();
            k.Child = child;
            k.LastDeath = k.Death;
            k.Pid = child.Id;
            k.StartedAt = StartTimeOf(child.Id);
            k.Restarts++;
            k.LastRestartAt = now;
            k.DiedAt = null;
            k.Listening = false;
            Save();
            logger.LogWarning("Started {Colour} again: pid {Pid} (restart {Restarts}; {Death})", k.Colour.ToText(), k.Pid, k.Restarts, k.LastDeath);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            k.Problem = $"it died ({k.Death}) and could not be started again: {e.Message}";
            logger.LogError("Giving up on {Colour}: {Problem}", k.Colour.ToText(), k.Problem);
        }
    }

    private static bool Listens(Uri? address)
    {
        if (address is null)
        {
            return true;
        }

        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            return socket.ConnectAsync(address.Host, address.Port).Wait(TimeSpan.FromMilliseconds(200));
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private string LogOf(EdgeColour colour) => Path.Combine(stateDirectory, $"kept-{colour.ToText()}.log");

    private void Save()
    {
        var path = Path.Combine(stateDirectory, FileName);
        var saved = kept.Values.OrderBy(k => k.Colour).Select(k => new SavedKeep(k.Colour, k.Pid, k.StartedAt, k.Restarts)).ToList();
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(saved, EdgeJson.Indented) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private List<SavedKeep> Load()
    {
        try
        {
            var path = Path.Combine(stateDirectory, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize<List<SavedKeep>>(File.ReadAllText(path), EdgeJson.Options) ?? [] : [];
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            logger.LogWarning("Ignoring {File}: {Error}", FileName, e.Message);
            return [];
        }
    }

    private static DateTimeOffset? StartTimeOf(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited || ProcessLiveness.IsZombie(pid) ? null : new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Alive and the same process (a pid reused by another process is not).</summary>
    private static bool IsAlive(int pid, DateTimeOffset? startedAt) =>
        StartTimeOf(pid) is { } actual && (startedAt is not { } expected || (actual - expected).Duration() < TimeSpan.FromSeconds(2));

    private sealed record SavedKeep(EdgeColour Colour, int Pid, DateTimeOffset? StartedAt, int Restarts);

    private sealed class Kept(EdgeColour colour, int pid, DateTimeOffset? startedAt, ProcessImage? image)
    {
        public EdgeColour Colour { get; } = colour;

        public int Pid { get; set; } = pid;

        public DateTimeOffset? StartedAt { get; set; } = startedAt;

        public ProcessImage? Image { get; } = image;

        /// <summary>The process the edge started (its exit code is known), or null for the platform's own.</summary>
        public System.Diagnostics.Process? Child { get; set; }

        public int Restarts { get; set; }

        public DateTimeOffset? LastRestartAt { get; set; }

        public string? LastDeath { get; set; }

        public string? Problem { get; set; }

        public bool Listening { get; set; } = true;

        public DateTimeOffset? DiedAt { get; set; }

        public string? Death { get; set; }

        public int QuickDeaths { get; set; }

        /// <summary>How many times it came back listening after a restart.</summary>
        public int ServingEpoch { get; set; }
    }
}
