namespace Pipeline.Aws.Local.Hosting;

/// <summary>What a running stand-in writes to the info file in its state directory: enough to find and stop it.</summary>
public interface ILocalServerInfo
{
    /// <summary>The server's process id.</summary>
    int Pid { get; }

    /// <summary>Its API endpoint, e.g. http://127.0.0.1:4599/.</summary>
    string Endpoint { get; }
}
