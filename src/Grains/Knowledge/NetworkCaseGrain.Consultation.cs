using System.Security.Cryptography;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Knowledge;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Practitioners;

namespace Collab.Grains.Knowledge;

/// <summary>
/// A regular consultation on its way to the knowledge base: one party proposes the anonymised text, the other consents
/// to exactly that text (its SHA-256), and only then do the network's reviewers see it. The case's id comes from the
/// consultation's (<see cref="ConsultationSubmission.CaseIdOf"/>), so a consultation has one case; a refusal is final.
/// </summary>
public sealed partial class NetworkCaseGrain
{
    public async Task Submit(ConsultationSubmission submission, Caller caller)
    {
        await AccessRules.RequireCareProvider(GrainFactory, caller, "propose a consultation for the knowledge base");
        if (Id != ConsultationSubmission.CaseIdOf(submission.Consultation))
        {
            throw DomainException.Invalid([new("consultation", "must be the consultation this case is made from")]);
        }

        if (S.Asker is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"This consultation was proposed already (the case is {S.Status}).");
        }

        // The consultation itself checks that the caller takes part in it, and traces the read.
        var consultation = await GrainFactory.Grain<IConsultationGrain>(submission.Consultation).Get(caller);
        var errors = new List<FieldError>();
        if (consultation is not { Status: ConsultationStatus.Closed, Opinion: not null, AcceptedBy: not null })
        {
            errors.Add(new("consultation", "must be closed, with an opinion"));
        }
        else if (consultation.PatientOpposes)
        {
            errors.Add(new("consultation", "cannot be published: the patient opposes the exchange of their data"));
        }

        var codes = CheckProposal(submission.Proposal, 1, errors);
        await BeginAsync(submission.Network, submission.AgeBand, submission.Sex, submission.SeatPublicKey, [submission.SeatSealedToRequester, submission.SeatSealedToAnswerer], submission.FirstKey, errors);
        S.Asker = consultation.Requester.Value;
        S.CoAuthor = consultation.AcceptedBy!.Value.Value;
        S.Consultation = submission.Consultation;
        S.Status = NetworkCaseStatus.AwaitingConsent;
        S.SeatSealedToAsker = submission.SeatSealedToRequester;
        S.SeatSealedToCoAuthor = submission.SeatSealedToAnswerer;
        S.Proposal = submission.Proposal with { IcdCodes = codes, AnswerSequence = 0 };
        S.ProposedBy = caller.PractitionerId;
        await state.WriteAuditedAsync(audit, Event(caller, "networkcase.submit"), logger);
        await StartRetentionAsync();
        await Task.WhenAll(
            GrainFactory.Grain<IKnowledgeCaseListGrain>(S.Asker.Value).Add(Id),
            GrainFactory.Grain<IKnowledgeCaseListGrain>(S.CoAuthor.Value).Add(Id));
        AskConsent();
    }

    public async Task Consent(byte[] digest, Caller caller)
    {
        await RequireAsker(caller, "consent to this publication");
        RequireNotDestroyed();
        if (S.Status != NetworkCaseStatus.AwaitingConsent)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"The case is {S.Status}: there is nothing to consent to.");
        }

        if (caller.PractitionerId == S.ProposedBy)
        {
            await RefusedAsync(caller);
            throw AccessRules.Forbidden("consent to this publication (the other party consents to what one proposed)");
        }

        if (digest is not { Length: 32 } || !CryptographicOperations.FixedTimeEquals(digest, S.Proposal!.Digest))
        {
            throw DomainException.Invalid([new("digest", "must be the SHA-256 of the text proposed, as you read it")]);
        }

        if ((await GrainFactory.Grain<IConsultationGrain>(S.Consultation!.Value).Get(caller)).PatientOpposes)
        {
            throw DomainException.Invalid([new("consultation", "cannot be published: the patient opposes the exchange of their data")]);
        }

        S.Reviewable = true;
        await ChangeAsync(NetworkCaseStatus.Proposed, caller, "networkcase.consent");
        await GrainFactory.Grain<IKnowledgeCaseListGrain>(S.Network).Add(Id);
    }

    // The party who did not make the current proposal is asked for their consent.
    private void AskConsent()
    {
        if (new[] { S.Asker, S.CoAuthor }.OfType<Guid>().FirstOrDefault(p => p != S.ProposedBy) is { } other && other != Guid.Empty)
        {
            GrainFactory.Grain<IPractitionerGrain>(other).Notify(ConsultationNotice.PublicationConsent, Id).Ignore();
        }
    }
}
