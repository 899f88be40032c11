using BuildingBlocks.Auth;
using BuildingBlocks.Fhir;
using BuildingBlocks.Web;
using Mediator;
using ReferralsService.Data;
using FhirTask = Hl7.Fhir.Model.Task;

namespace ReferralsService.Features.Fhir;

/// <summary>
/// GET /fhir/Task/{id}: a referral's Task, for either side of it; anyone else gets the 404 an unknown id gets
/// (<see cref="ReferralRights"/>). Audit-logged like the JSON API's read.
/// </summary>
public static class GetTask
{
    public sealed record Query(Guid Id) : IQuery<FhirTask>;

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock, OutcomesBase outcomes) : IQueryHandler<Query, FhirTask>
    {
        public async ValueTask<FhirTask> Handle(Query query, CancellationToken cancellationToken)
        {
            var (referral, party) = await db.LoadFor(query.Id, user, cancellationToken);
            var now = clock.GetUtcNow();
            db.Audit(referral.Id, user, referral.SharesPersonWith(party) ? "view referral (FHIR Task)" : "view referral (FHIR Task, person withheld)", now);
            await db.SaveChangesAsync(cancellationToken);
            return ReferralTask.ToTask(referral, party, now, outcomes.Url);
        }
    }

    internal static async Task<IResult> Endpoint(string id, Sender mediator, CancellationToken cancellationToken) =>
        // A FHIR id that is not one of ours is as unknown as one that is not there.
        Guid.TryParse(id, out var referralId)
            ? FhirHttp.Resource(await mediator.Send(new Query(referralId), cancellationToken))
            : throw new NotFoundException("Task", id);
}
