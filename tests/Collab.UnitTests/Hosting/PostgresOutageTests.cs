using System.Net.Sockets;
using Collab.Silo.Postgres;
using Npgsql;

namespace Collab.UnitTests.Hosting;

/// <summary>Which database failures are run again (the server ran nothing), which are answered "unavailable", and which are bugs.</summary>
public sealed class PostgresOutageTests
{
    private static PostgresException Server(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData("57P01")] // terminating connection due to administrator command: a restart, a failover
    [InlineData("57P02")] // crash shutdown
    [InlineData("57P03")] // the database system is starting up
    public void A_session_ended_by_the_server_ran_nothing_and_is_run_again(string sqlState)
    {
        var wrapped = new InvalidOperationException("Error from storage provider", Server(sqlState));

        Assert.True(PostgresOutage.NothingRan(wrapped));
        Assert.True(PostgresOutage.IsUnavailable(wrapped));
    }

    [Fact]
    public void A_connection_that_could_not_be_opened_ran_nothing()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:55432", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(PostgresOutage.NothingRan(refused));
        Assert.True(PostgresOutage.IsUnavailable(new AggregateException(refused)));
    }

    [Fact]
    public void A_connection_lost_in_the_middle_of_a_command_is_unavailable_but_not_run_again()
    {
        // Its outcome is unknown (the commit may have happened): the caller is told to try again, nothing is repeated for them.
        var lost = new NpgsqlException("Exception while reading from stream", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)));

        Assert.False(PostgresOutage.NothingRan(lost));
        Assert.True(PostgresOutage.IsUnavailable(lost));
    }

    [Theory]
    [InlineData("23505")] // unique violation: a bug or a conflict, never "try again later"
    [InlineData("42P01")] // undefined table
    public void Errors_of_the_command_itself_are_neither(string sqlState)
    {
        Assert.False(PostgresOutage.NothingRan(Server(sqlState)));
        Assert.False(PostgresOutage.IsUnavailable(Server(sqlState)));
        Assert.False(PostgresOutage.IsUnavailable(new InvalidOperationException("not the database")));
    }

    [Fact]
    public async Task An_operation_is_run_again_only_while_the_server_ran_nothing()
    {
        var attempts = 0;
        var result = await PostgresOutage.RetryAsync(() => ++attempts < 3 ? throw Server("57P01") : Task.FromResult(attempts));
        var refusedOnce = 0;
        await Assert.ThrowsAsync<PostgresException>(() => PostgresOutage.RetryAsync(() =>
        {
            refusedOnce++;
            throw Server("23505");
        }));

        Assert.Equal(3, result);
        Assert.Equal(1, refusedOnce);
    }
}
