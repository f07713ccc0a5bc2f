using Collab.Crypto;
using Npgsql;

namespace Collab.Silo.Postgres;

/// <summary><see cref="ISessionVault"/> on <c>web_session</c>, shared by every web node (sealed keys only: docs/security.md, "Sessions").</summary>
public sealed class PostgresSessionVault(NpgsqlDataSource dataSource) : ISessionVault
{
    private const string Columns = "session_id, practitioner, public_key, sealed_key, opened_at, expires_at, device";

    public Task SaveAsync(SessionRecord session, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            $"INSERT INTO web_session ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [session.Id, session.User, session.PublicKey, session.SealedPrivateKey, session.OpenedAt, session.ExpiresAt, (object?)session.Device ?? DBNull.Value],
            cancellationToken);

    public async Task<SessionRecord?> FindAsync(Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM web_session WHERE session_id = $1 AND expires_at > $2", [sessionId, now], cancellationToken)).SingleOrDefault();

    public Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM web_session WHERE session_id = $1", [sessionId], cancellationToken);

    public Task DeleteAllAsync(Guid user, Guid? except, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM web_session WHERE practitioner = $1 AND session_id IS DISTINCT FROM $2", [user, (object?)except ?? DBNull.Value], cancellationToken);

    public Task<IReadOnlyList<SessionRecord>> OfUserAsync(Guid user, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM web_session WHERE practitioner = $1 AND expires_at > $2", [user, now], cancellationToken);

    public Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> sessionIds, CancellationToken cancellationToken = default) =>
        PostgresOutage.RetryAsync<IReadOnlySet<Guid>>(async () =>
        {
            await using var command = Command("SELECT session_id FROM web_session WHERE session_id = ANY($1)", [sessionIds.ToArray()]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var found = new HashSet<Guid>();
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetGuid(0));
            }

            return found;
        }, dataSource, cancellationToken);

    public Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM web_session WHERE expires_at <= $1", [now], cancellationToken);

    // One statement each: a restart that ran nothing is run again (PostgresOutage).
    private Task<int> ExecuteAsync(string sql, object[] values, CancellationToken cancellationToken) =>
        PostgresOutage.RetryAsync(async () =>
        {
            await using var command = Command(sql, values);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, dataSource, cancellationToken);

    private Task<IReadOnlyList<SessionRecord>> QueryAsync(string sql, object[] values, CancellationToken cancellationToken) =>
        PostgresOutage.RetryAsync<IReadOnlyList<SessionRecord>>(async () =>
        {
            await using var command = Command(sql, values);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var found = new List<SessionRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(new SessionRecord(reader.GetGuid(0), reader.GetGuid(1), (byte[])reader[2], (byte[])reader[3],
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }

            return found;
        }, dataSource, cancellationToken);

    private NpgsqlCommand Command(string sql, object[] values)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        return command;
    }
}
