using System.Collections.Concurrent;
using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Testing;
using Collab.Web.Consultations;

namespace Collab.GrainTests.Consultations;

/// <summary>
/// A post whose answer never comes (its call was on its way to a silo that died) is sent again after
/// <see cref="Web.Conversations.ConversationClient.AnswerPatience"/>, not left to Orleans' 30-s timeout, and stored once.
/// </summary>
public sealed class LostAnswerTests : ClusterTest
{
    private readonly ConcurrentDictionary<Guid, int> _calls = new(); // per client id held back: the Post calls that arrived
    private readonly ConcurrentDictionary<Guid, long> _lateAnswers = new(); // what the held-back call answered once let go
    private readonly CancellationTokenSource _release = new();

    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.AddIncomingGrainCallFilter(async call =>
        {
            if (call.InterfaceMethod.Name != nameof(IConversationGrain.Post) || call.Request.GetArgument(2) is not Guid clientId
                || !_calls.ContainsKey(clientId) || _calls.AddOrUpdate(clientId, 1, (_, n) => n + 1) != 1)
            {
                await call.Invoke();
                return;
            }

            // The first call is not answered until the test lets it go: what a call to a silo that died sees.
            try
            {
                await Task.Delay(Timeout.Infinite, _release.Token);
            }
            catch (OperationCanceledException)
            {
                // Let go.
            }

            await call.Invoke();
            _lateAnswers[clientId] = (long)call.Result!;
        });

    [Fact]
    public async Task A_post_whose_answer_is_lost_is_sent_again_and_stored_once()
    {
        var (id, sender, cardiologist) = await Clinician.ConsultationBetweenTwoAsync(Grains);
        var clientId = Guid.NewGuid();
        _calls[clientId] = 0;

        long placed;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            placed = await sender.PostAsync(id, ItemBody.Message("le message dont la réponse se perd"), clientId, seen: 0);
        }
        finally
        {
            waited.Stop();
            _release.Cancel(); // the first call reaches the grain now, late
        }

        await Eventually.TrueAsync(() => _lateAnswers.ContainsKey(clientId), "the late call's answer");
        var read = await cardiologist.ReadAsync(id, 1);

        // Sent again once the patience ran out, not after Orleans' 30-s response timeout; the second call answered at once.
        Assert.InRange(waited.Elapsed, Web.Conversations.ConversationClient.AnswerPatience, Web.Conversations.ConversationClient.AnswerPatience * 2);
        Assert.Equal(2, _calls[clientId]); // the first, held back, and the one sent again
        Assert.Equal(placed, _lateAnswers[clientId]); // the late one finds the message stored and answers its place
        Assert.Equal(["le message dont la réponse se perd"], read.Select(i => i.Body!.Text));
        Assert.Equal(1, await Database.ScalarAsync<long>($"SELECT count(*) FROM encrypted_item WHERE owner_id = '{id}'"));
    }
}
