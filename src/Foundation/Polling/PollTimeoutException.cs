using System.Globalization;

namespace Pipeline.Foundation.Polling;

/// <summary>A <see cref="Poll"/> wait reached its deadline: "waited 10 min for task x to stop; last seen: RUNNING".</summary>
public sealed class PollTimeoutException : Exception
{
    public PollTimeoutException(string waitingFor, TimeSpan deadline, string? lastSeen)
        : base(string.Create(CultureInfo.InvariantCulture, $"waited {Text(deadline)} for {waitingFor}") + (lastSeen is null ? "" : $"; last seen: {lastSeen}"))
    {
        WaitingFor = waitingFor;
        Deadline = deadline;
        LastSeen = lastSeen;
    }

    public string WaitingFor { get; }

    public TimeSpan Deadline { get; }

    public string? LastSeen { get; }

    private static string Text(TimeSpan t) => t.TotalMinutes >= 1
        ? t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
        : t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
