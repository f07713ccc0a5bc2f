using System.Security.Cryptography;
using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Grains.Audit;

namespace Collab.Grains.Access;

/// <summary>
/// Failures, delays and the lock of one login identifier (see <see cref="ILoginThrottleGrain"/>). Traces name the
/// identifier by its digest: the email itself never reaches the audit trail from here.
/// </summary>
public sealed class LoginThrottleGrain(
    [PersistentState("login-throttle", StorageNames.Collab)] IPersistentState<LoginThrottleState> state,
    IAuditTrail audit,
    TimeProvider clock) : Grain, ILoginThrottleGrain
{
    /// <summary>Failures allowed before delays start, and before the identifier locks.</summary>
    public const int FreeFailures = 3;
    public const int LockAfterFailures = 10;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);
    private const string ObjectType = "login";

    /// <summary>The grain key of a login identifier: a digest of the trimmed, lower-case email.</summary>
    public static string KeyFor(string? email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("collab.login:" + (email ?? "").Trim().ToLowerInvariant())));

    private string Key => this.GetPrimaryKeyString();

    public async Task Check(Caller caller)
    {
        var s = state.State;
        var now = clock.GetUtcNow();
        if (s.LockedUntil is { } locked)
        {
            if (now < locked)
            {
                await Refuse(caller, "login.locked", locked - now, $"Too many failed attempts: try again after {locked:HH:mm} UTC.");
            }

            await ClearAsync(); // the lock has run out: a fresh start
            return;
        }

        if (s.NextAttemptAt is { } next && now < next)
        {
            await Refuse(caller, "login.throttled", next - now, $"Wait {Math.Ceiling((next - now).TotalSeconds)} s before trying again.");
        }
    }

    // Growing delays after the first failures (2 s, 4 s, … 64 s), then a lock.
    public async Task<bool> Fail(Caller caller, string? action = null)
    {
        var s = state.State;
        var now = clock.GetUtcNow();
        s.Failures++;
        var locks = s.Failures >= LockAfterFailures;
        if (locks)
        {
            s.LockedUntil = now + LockDuration;
            s.NextAttemptAt = null;
        }
        else if (s.Failures > FreeFailures)
        {
            s.NextAttemptAt = now + TimeSpan.FromSeconds(Math.Pow(2, s.Failures - FreeFailures));
        }

        await state.WriteStateAsync();
        if (action is not null)
        {
            await audit.RecordAsync(clock, caller, AuditCategory.Access, action, ObjectType, Key, AuditOutcome.Failed);
        }

        if (locks)
        {
            await audit.RecordAsync(clock, caller, AuditCategory.Access, "login.lock", ObjectType, Key, AuditOutcome.Refused);
        }

        return locks;
    }

    public Task Reset() => state.RecordExists ? ClearAsync() : Task.CompletedTask;

    private async Task ClearAsync()
    {
        state.State = new();
        await state.ClearStateAsync();
    }

    private async Task Refuse(Caller caller, string action, TimeSpan wait, string message)
    {
        await audit.RecordAsync(clock, caller, AuditCategory.Access, action, ObjectType, Key, AuditOutcome.Refused);
        throw new DomainException(DomainErrorCode.TooManyAttempts, message) { RetryAfterSeconds = (int)Math.Ceiling(wait.TotalSeconds) };
    }
}
