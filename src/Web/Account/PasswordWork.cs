using Collab.Contracts.Errors;
using Collab.Contracts.Keys;
using Collab.Crypto;

namespace Collab.Web.Account;

/// <summary>
/// Bounds how many Argon2id runs (64 MiB each) a node does at once: registration, login, re-authentication,
/// password change and reset all go through here. A request that cannot start within
/// <see cref="RateLimitOptions.PasswordQueueWait"/> is answered 429 with Retry-After, instead of piling up
/// memory until the node falls over. It also holds the Argon2id parameters of new wraps (<see cref="PasswordKdf.Default"/>;
/// only code can register others, which the test hosts do to spend their time on the platform rather than on Argon2id).
/// </summary>
public sealed class PasswordWork(RateLimitOptions options, PasswordKdf kdf) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.ConcurrentPasswordHashes, options.ConcurrentPasswordHashes);

    private readonly Lazy<UserKeyMaterial> _decoy = new(() => NewKeyMaterial(Guid.NewGuid().ToString(), null, kdf).Material);

    /// <summary>The Argon2id parameters new password wraps are made with.</summary>
    public PasswordKdf Kdf => kdf;

    /// <summary>
    /// A key wrapped under a random password and recovery code, to spend the same work on when the email is unknown
    /// (the same parameters as real wraps, so both take as long).
    /// </summary>
    public UserKeyMaterial Decoy => _decoy.Value;

    /// <summary>A new key pair, wrapped under the password and a new recovery code (returned to show once), and sealed to the structure's escrow key if any.</summary>
    public static (UserKeyMaterial Material, string RecoveryCode) NewKeyMaterial(string password, byte[]? escrowKey, PasswordKdf kdf)
    {
        using var keys = UserKeyPair.Generate();
        using var recovery = RecoveryCode.New();
        return (new UserKeyMaterial(
            keys.PublicKey,
            UserKeyWrapping.WrapWithPassword(keys, password, kdf),
            UserKeyWrapping.WrapWithRecoveryCode(keys, recovery),
            escrowKey is null ? null : UserKeyWrapping.SealToEscrow(keys, escrowKey)), recovery.ToString());
    }

    /// <summary>Runs <paramref name="work"/> (CPU and memory bound) when a slot is free.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        if (!await _slots.WaitAsync(options.PasswordQueueWait, cancellationToken))
        {
            throw new DomainException(DomainErrorCode.TooManyAttempts, "The server is busy checking passwords: try again in a moment.") { RetryAfterSeconds = 1 };
        }

        try
        {
            return await Task.Run(work, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
