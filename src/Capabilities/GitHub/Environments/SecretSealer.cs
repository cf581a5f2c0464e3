using Sodium;

namespace Pipeline.GitHub.Environments;

/// <summary>Encrypts a secret as GitHub requires: a libsodium sealed box for the repository environment's public key.</summary>
public static class SecretSealer
{
    /// <summary>The base64 sealed box of <paramref name="value"/> for the base64 <paramref name="publicKey"/>.</summary>
    public static string Seal(string value, string publicKey)
    {
        ArgumentNullException.ThrowIfNull(value);
        var key = Convert.FromBase64String(publicKey);
        return Convert.ToBase64String(SealedPublicKeyBox.Create(System.Text.Encoding.UTF8.GetBytes(value), key));
    }
}
