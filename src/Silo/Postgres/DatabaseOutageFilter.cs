using Collab.Contracts.Errors;

namespace Collab.Silo.Postgres;

/// <summary>
/// A grain call that failed because PostgreSQL is away (restarting, failing over, out of connections) answers
/// <see cref="DomainErrorCode.Unavailable"/> with a Retry-After — a 503 for the user, "try again in a moment" —
/// instead of a driver exception that web nodes would report as a server error. Nothing of the failed command is
/// in the answer.
/// </summary>
public sealed class DatabaseOutageFilter : IIncomingGrainCallFilter
{
    public const int RetryAfterSeconds = 2;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not DomainException && PostgresOutage.IsUnavailable(e))
        {
            throw Unavailable();
        }
    }

    public static DomainException Unavailable() =>
        new(DomainErrorCode.Unavailable, "The database is briefly unavailable; try again in a moment.") { RetryAfterSeconds = RetryAfterSeconds };
}
