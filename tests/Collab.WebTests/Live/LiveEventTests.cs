using System.Text.Json;
using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;
using Collab.Web.Consultations;
using Collab.Web.Live;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Collab.WebTests.Live;

/// <summary>A live item is opened once per node, and handed only to viewers holding the key it was opened with.</summary>
public sealed class LiveEventTests
{
    private static readonly Guid Consultation = Guid.NewGuid();

    [Fact]
    public void A_viewer_with_the_same_key_gets_the_item_already_opened_and_one_with_another_key_opens_it_itself()
    {
        var live = new LiveEvent(ItemEvent(7));
        var key = Key(1);
        var opens = 0;
        OpenItem Open(byte[] k)
        {
            opens++;
            return new OpenItem(7, null, DateTimeOffset.UnixEpoch, ItemBody.Message($"opened with {k[0]}"), null);
        }

        var first = OpenWith(live, key, Open);
        var second = OpenWith(live, Key(1), Open); // the same key, opened by another viewer's own seal
        var other = OpenWith(live, Key(2), Open);

        Assert.Same(first, second);
        Assert.Equal("opened with 2", other.Body!.Text);
        Assert.Equal(2, opens);
    }

    [Fact]
    public void A_key_that_does_not_open_the_item_fails_for_its_viewer_only()
    {
        var live = new LiveEvent(ItemEvent(7));
        Assert.Throws<Collab.Crypto.CryptoException>(() => OpenWith(live, Key(9), _ => throw new Collab.Crypto.CryptoException(Collab.Crypto.CryptoFailure.Tampered, "wrong key")));

        var opened = OpenWith(live, Key(1), _ => new OpenItem(7, null, DateTimeOffset.UnixEpoch, ItemBody.Message("bonjour"), null));

        Assert.Equal("bonjour", opened.Body!.Text);
        Assert.Same(opened, OpenWith(live, Key(1), _ => throw new InvalidOperationException("opened twice")));
    }

    [Fact]
    public void The_items_message_is_serialised_once_for_the_shared_item_and_not_for_an_item_opened_apart()
    {
        var live = new LiveEvent(ItemEvent(7));
        var shared = OpenWith(live, Key(1), _ => new OpenItem(7, new PractitionerId(Guid.NewGuid()), DateTimeOffset.UnixEpoch, ItemBody.Message("bonjour"), null));
        var apart = OpenWith(live, Key(2), _ => new OpenItem(7, null, DateTimeOffset.UnixEpoch, ItemBody.Message("autre"), null));

        var message = live.ItemsMessage(shared);
        var protocol = new JsonHubProtocol();

        Assert.NotNull(message);
        Assert.Same(message, live.ItemsMessage(shared));
        Assert.Null(live.ItemsMessage(apart));
        var json = System.Text.Encoding.UTF8.GetString(message.GetSerializedMessage(protocol).Span).TrimEnd('\u001e');
        var arguments = JsonDocument.Parse(json).RootElement.GetProperty("arguments")[0][0];
        Assert.Equal("bonjour", arguments.GetProperty("text").GetString());
        Assert.Equal(7, arguments.GetProperty("sequence").GetInt64());
        Assert.Equal(Consultation, arguments.GetProperty("consultation").GetGuid());
    }

    // The feed's call: the viewer's conversation and the event's item, decrypted by the viewer's client with its key.
    private static OpenItem OpenWith(LiveEvent live, byte[] key, Func<byte[], OpenItem> decrypt) =>
        live.Open(key, Consultation, live.Change.Item!, (k, conversation, item) =>
        {
            Assert.Equal(Consultation, conversation);
            Assert.Same(live.Change.Item, item);
            return decrypt(k);
        });

    private static ConsultationEvent ItemEvent(long sequence) =>
        new(Consultation, ConsultationEventKind.Item, sequence, null, DateTimeOffset.UnixEpoch, new EncryptedItem(sequence, 1, [1, 2, 3], DateTimeOffset.UnixEpoch, null));

    private static byte[] Key(byte fill) => Enumerable.Repeat(fill, 32).ToArray();
}
