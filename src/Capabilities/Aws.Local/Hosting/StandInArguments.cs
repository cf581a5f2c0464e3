namespace Pipeline.Aws.Local.Hosting;

/// <summary>The command and the options every stand-in takes, as read from its command line.</summary>
internal sealed record StandInArguments(
    string Command, string StateDirectory, string AccessKey, string SecretKey, int Port, string Region, string Account, string? ExchangeLog);
