using Collab.Contracts.Consultations;
using Collab.Web.Consultations;

namespace Collab.Web.Conversations;

/// <summary>
/// One decryption shared by the node's viewers of a live item (issue 16: per node, not per viewer): the first viewer
/// decrypts with its key, the next ones that hold the same key are handed that result.
/// </summary>
public interface ISharedOpening
{
    /// <summary><paramref name="item"/> of <paramref name="conversation"/> opened with <paramref name="key"/>: by <paramref name="decrypt"/>, or the result another viewer's same key had.</summary>
    OpenItem Open(byte[] key, Guid conversation, EncryptedItem item, Func<byte[], Guid, EncryptedItem, OpenItem> decrypt);
}
