using System.Security.Cryptography;
using Collab.Contracts.Consultations;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Collab.Web.Live;

/// <summary>
/// A consultation event as the node's watchers share it (issue 16: per node, not per viewer). A new item is
/// decrypted once for all of them and, for hub connections, serialised once. Sharing keeps each viewer's own
/// check: every watcher still opens the epoch key with its user's keys, and is handed the shared plaintext only
/// when that key is the one the item was opened with — what it would have decrypted itself.
/// </summary>
public sealed class LiveEvent(ConsultationEvent change) : Conversations.ISharedOpening
{
    private readonly Lock _gate = new();
    private byte[]? _key;
    private OpenItem? _opened;
    private SerializedHubMessage? _items;
    private SerializedHubMessage? _event;

    public ConsultationEvent Change => change;

    public OpenItem Open(byte[] key, Guid conversation, EncryptedItem item, Func<byte[], Guid, EncryptedItem, OpenItem> decrypt)
    {
        lock (_gate)
        {
            if (_opened is not null && CryptographicOperations.FixedTimeEquals(_key, key))
            {
                return _opened;
            }
        }

        var opened = decrypt(key, conversation, item); // outside the lock: a wrong key throws for its own watcher only
        lock (_gate)
        {
            if (_opened is null)
            {
                (_key, _opened) = (key, opened);
            }
        }

        return opened;
    }

    /// <summary>
    /// The hub's <c>items</c> message for <paramref name="opened"/> when it is the shared item, serialised once per protocol
    /// for every connection that sends it (null for an item opened apart: its connection serialises it itself).
    /// </summary>
    public SerializedHubMessage? ItemsMessage(OpenItem opened)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(opened, _opened))
            {
                return null;
            }

            return _items ??= new SerializedHubMessage(new InvocationMessage("items", [new List<HubItem> { HubItem.Of(change.Consultation, opened) }]));
        }
    }

    /// <summary>The hub's <c>event</c> message (status, receipt, typing, presence, deletion), the same for every viewer: serialised once.</summary>
    public SerializedHubMessage EventMessage()
    {
        lock (_gate)
        {
            return _event ??= new SerializedHubMessage(new InvocationMessage("event", [HubEvent.Of(change)]));
        }
    }
}
