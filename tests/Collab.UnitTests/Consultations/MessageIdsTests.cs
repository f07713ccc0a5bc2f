using Collab.Contracts.Conversations;

namespace Collab.UnitTests.Consultations;

public sealed class MessageIdsTests
{
    // PostgreSQL orders uuid values by their 16 bytes in RFC 4122 order (what Npgsql writes): an id made later must
    // sort after, or the (owner, client id) index is written at random pages again.
    [Fact]
    public void An_id_made_a_millisecond_later_sorts_after_in_the_database_order()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(MessageIds.New());
            Thread.Sleep(2); // a millisecond apart at least: within one, the rest of a v7 id is random
        }

        var stored = ids.Select(id => id.ToByteArray(bigEndian: true)).ToList();
        for (var i = 1; i < stored.Count; i++)
        {
            Assert.True(stored[i - 1].AsSpan().SequenceCompareTo(stored[i]) < 0, $"id {i} sorts before id {i - 1}");
        }

        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
