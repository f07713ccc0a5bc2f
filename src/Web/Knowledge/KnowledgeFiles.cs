using Collab.Contracts.Errors;
using Collab.Grains.Consultations;
using Collab.Web.Access;
using Collab.Web.Account;
using Collab.Web.Consultations;
using Collab.Web.Conversations;

namespace Collab.Web.Knowledge;

/// <summary><c>/knowledge/cases/{id}/files/{sequence}</c>: a picture of an anonymous case, decrypted for the asker or a member of the network (the read is traced by the case).</summary>
public static class KnowledgeFiles
{
    public static void MapKnowledgeFiles(this IEndpointRouteBuilder app) =>
        app.MapGet("/knowledge/cases/{id:guid}/files/{sequence:long}", async (Guid id, long sequence, HttpContext http, ConsultationClients clients, IAttachmentStore store) =>
        {
            var plaintext = new MemoryStream();
            var file = await clients.KnowledgeFor(http.User, HttpCaller.From(http)).ReadImageAsync(id, sequence, store, plaintext, http.RequestAborted)
                ?? throw new DomainException(DomainErrorCode.NotFound, $"No picture at {sequence}.");
            return ConversationFiles.Serve(http, file, plaintext);
        }).RequireActiveAccount();
}
