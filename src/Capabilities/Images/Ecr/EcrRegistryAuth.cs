using Pipeline.Aws.Ecr;
using Pipeline.Images.Pushing;

namespace Pipeline.Images.Ecr;

/// <summary>
/// Docker login semantics for ECR: the <c>GetAuthorizationToken</c> token decoded to user <c>AWS</c> and its password,
/// for the registry in the token's proxy endpoint (or an override, e.g. a local stand-in).
/// </summary>
public static class EcrRegistryAuth
{
    public static async Task<RegistryCredentials> GetCredentialsAsync(EcrClient ecr, string? registryId, Uri? registryOverride, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ecr);
        var token = await ecr.GetRegistryCredentialsAsync(registryId, cancellationToken);
        return ToRegistryCredentials(token, registryOverride);
    }

    public static RegistryCredentials ToRegistryCredentials(EcrRegistryCredentials token, Uri? registryOverride)
    {
        ArgumentNullException.ThrowIfNull(token);
        var registry = registryOverride is null ? token.Registry : HostOf(registryOverride);
        return new RegistryCredentials(registry, token.Username, token.Password);
    }

    internal static string HostOf(Uri endpoint) => endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority;
}
