namespace Pipeline.Aws.Ecr;

/// <summary>
/// A decoded ECR authorization token: what <c>docker login -u AWS -p &lt;password&gt; &lt;registry&gt;</c> uses, i.e. the
/// Docker Engine's <c>AuthConfig { Username, Password, ServerAddress = Registry }</c>.
/// </summary>
/// <param name="Username">Always <c>AWS</c> for ECR.</param>
/// <param name="Password">Secret: valid until <paramref name="ExpiresAt"/>; mask it in every log.</param>
/// <param name="ProxyEndpoint">The registry URL as ECR returns it (<c>https://&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com</c>).</param>
/// <param name="ExpiresAt">When the token stops working (12 hours after issue on AWS).</param>
public sealed record EcrRegistryCredentials(string Username, string Password, Uri ProxyEndpoint, DateTimeOffset? ExpiresAt)
{
    /// <summary>The registry host (and port, if any) that image references start with, e.g. <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>.</summary>
    public string Registry => ProxyEndpoint.IsDefaultPort ? ProxyEndpoint.Host : ProxyEndpoint.Authority;

    /// <summary>Hides the password: records print every member otherwise.</summary>
    public override string ToString() => $"EcrRegistryCredentials {{ Username = {Username}, Registry = {Registry}, ExpiresAt = {ExpiresAt:O}, Password = *** }}";
}
