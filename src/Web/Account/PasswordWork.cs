using Collab.Contracts.Errors;

namespace Collab.Web.Account;

/// <summary>
/// Bounds how many Argon2id runs (64 MiB each) a node does at once: registration, login, re-authentication,
/// password change and reset all go through here. A request that cannot start within
/// <see cref="RateLimitOptions.PasswordQueueWait"/> is answered 429 with Retry-After, instead of piling up
/// memory until the node falls over.
/// </summary>
public sealed class PasswordWork(RateLimitOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.ConcurrentPasswordHashes, options.ConcurrentPasswordHashes);

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
