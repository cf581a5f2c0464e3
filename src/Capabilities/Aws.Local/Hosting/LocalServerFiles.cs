namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// Where a stand-in keeps what finds it again in its state directory: the info file it writes while it runs, the token
/// that authorizes a stop, and the log of a detached run; <paramref name="Name"/> names it in messages ("the local ECS").
/// </summary>
public sealed record LocalServerFiles(string StateDirectory, string Name, string InfoFileName, string TokenFileName, string LogFileName, string TokenHeader)
{
    public string InfoPath => Path.Combine(StateDirectory, InfoFileName);

    public string TokenPath => Path.Combine(StateDirectory, TokenFileName);

    public string LogPath => Path.Combine(StateDirectory, LogFileName);
}
