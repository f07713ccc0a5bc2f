using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Collab.Web.Account;
using Collab.Web.Groups;
using Collab.Web.Practitioners;

namespace Collab.Web.Consultations;

/// <summary>
/// Patients' rights, exercised through their practitioner on every consultation about the patient the
/// practitioner can read: access and portability (everything, as structured JSON, each consultation
/// exported traced as <c>consultation.download.export</c>), rectification, opposition, erasure.
/// Decrypted and encrypted here, with the practitioner's session keys.
/// </summary>
public sealed class PatientRights(AccountService account, PractitionerService practitioners, GroupService groups, IAttachmentStore files)
{
    public const string Format = "collab.patient-export.v1";

    public const string AccountFormat = "collab.account-export.v1";

    public async Task<PatientExportDocument> ExportAsync(ConsultationClient client, PatientLookup lookup, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var exported = new List<ExportedConsultation>();
        foreach (var consultation in await FindAsync(client, lookup))
        {
            exported.Add(await ExportOneAsync(client, consultation, cancellationToken));
            await client.RecordDownloadAsync(consultation.View.Id, DownloadKind.Export);
        }

        return new PatientExportDocument(Format, now, client.Me.Value, exported);
    }

    /// <summary>A user's own data (right of access and portability): their profile, groups, devices, and every consultation they can read, in full.</summary>
    public async Task<AccountExportDocument> ExportAccountAsync(ConsultationClient client, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var profile = (await account.ProfileAsync(client.Caller))!;
        var groupNames = new List<string>();
        foreach (var group in await account.GroupsAsync(client.Caller))
        {
            groupNames.Add(await groups.NameAsync(group));
        }

        var exported = new List<ExportedConsultation>();
        foreach (var consultation in await ReadableAsync(client, _ => true))
        {
            exported.Add(await ExportOneAsync(client, consultation, cancellationToken));
            await client.RecordDownloadAsync(consultation.View.Id, DownloadKind.Export);
        }

        return new AccountExportDocument(AccountFormat, now, profile, groupNames, await account.DevicesAsync(client.Caller), await account.SmsNotificationsAsync(client.Caller), exported);
    }

    /// <summary>Rectification: every consultation about the patient the practitioner can read gets the corrected identity (the old one stays, encrypted).</summary>
    public async Task<IReadOnlyList<Guid>> RectifyAsync(ConsultationClient client, PatientLookup lookup, PatientIdentity corrected)
    {
        var rectified = new List<Guid>();
        foreach (var consultation in await FindAsync(client, lookup))
        {
            await client.RectifyPatientAsync(consultation.View.Id, corrected);
            rectified.Add(consultation.View.Id);
        }

        return rectified;
    }

    /// <summary>Opposition (or its withdrawal) on every consultation about the patient the practitioner can read.</summary>
    public async Task<IReadOnlyList<Guid>> OpposeAsync(ConsultationClient client, PatientLookup lookup, bool opposes, string? reason)
    {
        var changed = new List<Guid>();
        foreach (var consultation in await FindAsync(client, lookup))
        {
            await client.SetOppositionAsync(consultation.View.Id, opposes, reason);
            changed.Add(consultation.View.Id);
        }

        return changed;
    }

    /// <summary>Erasure: each consultation about the patient is destroyed where nobody else needs it, otherwise kept with the reason.</summary>
    public async Task<IReadOnlyList<ErasureOutcome>> EraseAsync(ConsultationClient client, PatientLookup lookup)
    {
        var outcomes = new List<ErasureOutcome>();
        foreach (var consultation in await FindAsync(client, lookup))
        {
            outcomes.Add(await client.EraseAsync(consultation.View.Id));
        }

        return outcomes;
    }

    /// <summary>The consultations the practitioner can still read whose patient (current or previous identity) matches (each opening traced).</summary>
    public async Task<IReadOnlyList<OpenConsultation>> FindAsync(ConsultationClient client, PatientLookup lookup)
    {
        if (lookup.Problems() is { Count: > 0 } problems)
        {
            throw DomainException.Invalid(problems);
        }

        return await ReadableAsync(client, c => lookup.Matches(c.Patient) || c.PreviousPatients.Any(lookup.Matches));
    }

    private async Task<IReadOnlyList<OpenConsultation>> ReadableAsync(ConsultationClient client, Func<OpenConsultation, bool> wanted)
    {
        var matching = new List<OpenConsultation>();
        foreach (var entry in (await client.AllAsync()).OrderBy(e => e.RequestedAt ?? e.UpdatedAt))
        {
            try
            {
                var consultation = await client.OpenAsync(entry.Consultation);
                if (wanted(consultation))
                {
                    matching.Add(consultation);
                }
            }
            catch (DomainException e) when (e.Code is DomainErrorCode.Forbidden or DomainErrorCode.Gone or DomainErrorCode.NotFound)
            {
                // no longer theirs to read (left the group, destroyed)
            }
        }

        return matching;
    }

    private async Task<ExportedConsultation> ExportOneAsync(ConsultationClient client, OpenConsultation consultation, CancellationToken cancellationToken)
    {
        var v = consultation.View;
        var items = new List<OpenItem>();
        for (long from = 1; from <= v.LastSequence; from += Collab.Grains.Conversations.ConversationLimits.MaxReadLimit)
        {
            items.AddRange(await client.ReadAsync(v.Id, from));
        }

        var names = await practitioners.NamesAsync([v.Requester, v.RequiredPractitioner, v.AcceptedBy, .. items.Select(i => i.Author)]);
        string? Name(PractitionerId? id) => id is { } p ? names.GetValueOrDefault(p, p.ToString()) : null;
        var messages = new List<ExportedItem>();
        foreach (var item in items.Where(i => i.Body is not null))
        {
            string? content = null;
            if (item.Body is { Kind: ItemBody.FileKind } file)
            {
                using var plaintext = new MemoryStream();
                content = await ConsultationClient.ReadFileAsync(files, v.Id, file, plaintext, cancellationToken) ? Convert.ToBase64String(plaintext.ToArray()) : null;
            }

            messages.Add(new ExportedItem(item.Sequence, Name(item.Author), item.PostedAt, item.Body!.Kind, item.Body.Text, item.Body.Name, item.Body.ContentType,
                item.Body.Kind == ItemBody.FileKind ? item.Body.Size : null, content));
        }

        return new ExportedConsultation(
            v.Id, v.Status.ToString(), v.Timeline.ToDictionary(t => t.Key.ToString(), t => t.Value), consultation.Patient,
            Name(v.Requester)!, Name(v.RequiredPractitioner),
            v.RequiredGroup is { } g ? await groups.NameAsync(g) : null, Name(v.AcceptedBy),
            consultation.Question, consultation.Description, consultation.Opinion, v.ActCode, v.PatientOpposes, v.ConsentToShare, messages,
            consultation.PreviousPatients);
    }
}
