using Sodium;

namespace Pipeline.GitHub.Environments;

/// <summary>Encrypts a secret as GitHub requires: a libsodium sealed box for the repository environment's public key.</summary>
public static class SecretSealer
{
    /// <summary>The base64 sealed box of <paramref name="value"/> for the base64 <paramref name="publicKey"/>.</summary>
    public static string Seal(string value, string publicKey)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(publicKey);
        }
        catch (FormatException e)
        {
            throw new GitHubException("GitHub's secrets public key is not base64; nothing was written", e);
        }

        if (key.Length != 32)
        {
            throw new GitHubException($"GitHub's secrets public key has {key.Length} bytes, not the 32 of a Curve25519 key; nothing was written");
        }

        return Convert.ToBase64String(SealedPublicKeyBox.Create(System.Text.Encoding.UTF8.GetBytes(value), key));
    }
}
