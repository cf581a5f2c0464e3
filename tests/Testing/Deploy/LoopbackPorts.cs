namespace Pipeline.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for a throw-away environment's edge (never the same port twice in a row).</summary>
public static class LoopbackPorts
{
    public static int Free() => Foundation.Networking.LoopbackPorts.Free();

    /// <summary>Two different free ports: an edge's public and test listeners.</summary>
    public static (int Public, int Test) FreePair() => (Free(), Free());
}
