using System.Text;

namespace Pipeline.Images.Pushing;

/// <summary>Credentials for one registry (docker login semantics). The password never appears in <see cref="ToString"/>.</summary>
/// <param name="ServerAddress">Registry host[:port], e.g. <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>.</param>
/// <param name="Username">User name (for ECR always <c>AWS</c>).</param>
/// <param name="Password">Password or token.</param>
public sealed record RegistryCredentials(string ServerAddress, string Username, string Password)
{
    internal string BasicToken => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ServerAddress = ").Append(ServerAddress).Append(", Username = ").Append(Username).Append(", Password = ***");
        return true;
    }
}
