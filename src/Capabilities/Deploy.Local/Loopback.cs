using System.Globalization;

namespace Pipeline.Deploy.Local;

/// <summary>Addresses on 127.0.0.1, where the local platforms' instances listen.</summary>
internal static class Loopback
{
    public static Uri Address(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    public static Uri Url(int port, string path) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path}");
}
