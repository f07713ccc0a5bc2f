using System.Security.Cryptography;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Grains.Retention;
using Collab.Web.Account;
using Collab.Web.Consultations;
using Collab.Web.Conversations;

namespace Collab.Web.Practitioners;

/// <summary>
/// The proof of identity of a pending account: checked and encrypted on the way in (like an attachment, its file key
/// sealed to the structure's recovery key and to every operator, whom the grain names), opened on the way out with the
/// reader's session keys. The registration form, the pending account's home page and the API share it.
/// </summary>
public sealed class IdentityDocuments(IClusterClient cluster, IAttachmentStore store, IContentShredder shredder, SessionKeyStore sessions)
{
    /// <summary>The largest document accepted: a scan or a phone photo.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    // What a document may be, known by its first bytes rather than by what the browser says.
    private static readonly (string ContentType, byte[] Magic, string Extension)[] Kinds =
    [
        ("application/pdf", "%PDF-"u8.ToArray(), "pdf"),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "png"),
        ("image/jpeg", [0xFF, 0xD8, 0xFF], "jpg"),
    ];

    /// <summary>What the file inputs accept.</summary>
    public static string Accept => string.Join(',', Kinds.Select(k => k.ContentType));

    /// <summary>
    /// The document's type from its first bytes; InvalidInput on the field "document" when it is empty, too large, or not a
    /// PDF, PNG or JPEG. <paramref name="content"/> must be seekable; it is left at its start.
    /// </summary>
    public static string Check(Stream content, long length)
    {
        if (length <= 0 || length > MaxBytes)
        {
            throw DomainException.Invalid([new("document", "must be a file of at most 10 MB")]);
        }

        var head = new byte[8];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        return Kinds.FirstOrDefault(k => read >= k.Magic.Length && head.AsSpan(0, k.Magic.Length).SequenceEqual(k.Magic)).ContentType
            ?? throw DomainException.Invalid([new("document", "must be a PDF, PNG or JPEG file")]);
    }

    /// <summary>Reads an uploaded document into memory, refusing it (InvalidInput) as soon as it passes <see cref="MaxBytes"/>.</summary>
    public static async Task<MemoryStream> ReadAsync(Stream upload, CancellationToken cancellationToken)
    {
        var content = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (content.Length + read > MaxBytes)
            {
                throw DomainException.Invalid([new("document", "must be a file of at most 10 MB")]);
            }

            content.Write(buffer, 0, read);
        }

        content.Position = 0;
        return content;
    }

    /// <summary>Stores <paramref name="content"/> (already <see cref="Check">checked</see>) as the pending account's document, replacing any before.</summary>
    public async Task AttachAsync(Guid practitioner, Stream content, long length, Caller caller, CancellationToken cancellationToken = default)
    {
        var contentType = Check(content, length);
        var account = cluster.Grain<IPractitionerStandingGrain>(practitioner);
        var recipients = await account.GetIdentityDocumentRecipients(caller);
        var owner = Guid.NewGuid(); // its own owner id: shredding it touches nothing else of the account
        var file = await ConversationClient.StoreFileAsync(store, owner, content, "identity", contentType, length, cancellationToken);
        var sealedKeys = recipients.ToDictionary(r => r.Name, r => KeySealing.Seal(file.FileKey, r.PublicKey));
        CryptographicOperations.ZeroMemory(file.FileKey);
        try
        {
            await account.AttachIdentityDocument(new IdentityDocument(owner, file.FileId!.Value, contentType, length, sealedKeys), caller);
        }
        catch
        {
            await shredder.ShredAsync(owner, cancellationToken: CancellationToken.None);
            throw;
        }
    }

    /// <summary>The document decrypted for the administrator or operator of this request (audited by the grain); NotFound when none was sent.</summary>
    public async Task<IResult> ServeAsync(Guid practitioner, HttpContext http)
    {
        var key = await cluster.Grain<IPractitionerStandingGrain>(practitioner).OpenIdentityDocument(Access.HttpCaller.From(http))
            ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {practitioner} sent no identity document.");
        byte[] fileKey;
        using (var keys = SessionKeys.Unlock(sessions, SessionCookies.TicketOf(http.User)))
        {
            if (key.SealedRecoveryKey is null)
            {
                fileKey = KeySealing.Open(key.SealedFileKey, keys);
            }
            else
            {
                using var recovery = UserKeyPair.FromPrivateKey(KeySealing.Open(key.SealedRecoveryKey, keys), key.RecoveryPublicKey!);
                fileKey = KeySealing.Open(key.SealedFileKey, recovery);
            }
        }

        var extension = Kinds.First(k => k.ContentType == key.ContentType).Extension;
        var file = ItemBody.File(key.FileId, $"identity-{practitioner:N}.{extension}", key.ContentType, key.Length, fileKey);
        var plaintext = new MemoryStream();
        try
        {
            if (!await ConversationClient.ReadFileAsync(store, key.Owner, file, plaintext, http.RequestAborted))
            {
                throw new DomainException(DomainErrorCode.NotFound, $"The identity document of practitioner {practitioner} is gone.");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }

        return ConversationFiles.Serve(http, file, plaintext);
    }
}
