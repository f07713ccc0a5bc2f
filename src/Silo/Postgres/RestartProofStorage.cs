using Npgsql;
using Orleans.Storage;

namespace Collab.Silo.Postgres;

/// <summary>
/// Orleans' ADO.NET grain storage, with its reads and writes run again on a fresh connection when a PostgreSQL
/// restart made the pooled one fail before the server ran anything (<see cref="PostgresOutage.NothingRan"/>). A
/// write is safe to repeat: it did not happen, and the state's ETag still guards against a concurrent writer.
/// </summary>
internal sealed class RestartProofStorage(IGrainStorage inner, NpgsqlDataSource dataSource) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        PostgresOutage.RetryAsync(() => inner.ReadStateAsync(stateName, grainId, grainState), dataSource);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        PostgresOutage.RetryAsync(() => inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken), dataSource, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        PostgresOutage.RetryAsync(() => inner.WriteStateAsync(stateName, grainId, grainState), dataSource);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        PostgresOutage.RetryAsync(() => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken), dataSource, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        PostgresOutage.RetryAsync(() => inner.ClearStateAsync(stateName, grainId, grainState), dataSource);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        PostgresOutage.RetryAsync(() => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken), dataSource, cancellationToken);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}

/// <summary>Orleans' ADO.NET reminder table, its rows read and written again when a PostgreSQL restart failed them before they ran.</summary>
internal sealed class RestartProofReminderTable(IReminderTable inner, NpgsqlDataSource dataSource) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) => PostgresOutage.RetryAsync(() => inner.StartAsync(cancellationToken), dataSource, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => PostgresOutage.RetryAsync(() => inner.ReadRows(grainId), dataSource);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => PostgresOutage.RetryAsync(() => inner.ReadRows(begin, end), dataSource);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => PostgresOutage.RetryAsync(() => inner.ReadRow(grainId, reminderName), dataSource);

    public Task<string?> UpsertRow(ReminderEntry entry) => PostgresOutage.RetryAsync(() => inner.UpsertRow(entry), dataSource);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => PostgresOutage.RetryAsync(() => inner.RemoveRow(grainId, reminderName, eTag), dataSource);

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();
}
