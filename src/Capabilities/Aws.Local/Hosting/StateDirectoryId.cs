using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// The label a stand-in puts on its containers: a hash of its state directory, so several can share one Docker engine
/// and each (or its <c>down</c>, with no server left) finds its own without its files.
/// </summary>
internal static class StateDirectoryId
{
    public static string Of(string stateDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(stateDirectory))))[..16];
}
