using Collab.Silo.Postgres;
using Collab.Testing;

namespace Collab.GrainTests.Postgres;

public sealed class MigrationTests
{
    [Fact]
    public async Task Applying_migrations_twice_changes_nothing_the_second_time()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);

        var first = await database.Migrator().ApplyAsync();
        var tablesAfterFirst = await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
        var second = await database.Migrator().ApplyAsync();

        Assert.Equal(SchemaMigrator.All.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(SchemaMigrator.All.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
        Assert.Equal(tablesAfterFirst, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task Processes_migrating_at_the_same_time_apply_each_migration_once()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => database.Migrator().ApplyAsync()));

        Assert.Equal(SchemaMigrator.All.Select(m => m.Version), runs.SelectMany(r => r).Order());
    }

    [Fact]
    public void Migrations_are_numbered_without_gaps_from_one()
    {
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.All.Count), SchemaMigrator.All.Select(m => m.Version));
    }
}
