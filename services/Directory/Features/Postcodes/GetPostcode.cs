using Mediator;

namespace DirectoryService.Features.Postcodes;

/// <summary>GET /api/directory/postcodes/{postcode}: where a postcode or district is (for the portal's "near" box).</summary>
public static class GetPostcode
{
    public sealed record Query(string Postcode) : IQuery<ResolvedPlace>;

    internal sealed class Handler(PostcodeLookup lookup) : IQueryHandler<Query, ResolvedPlace>
    {
        public async ValueTask<ResolvedPlace> Handle(Query query, CancellationToken cancellationToken) =>
            await lookup.ResolveAsync(query.Postcode, cancellationToken);
    }

    internal static async Task<IResult> Endpoint(string postcode, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(postcode), cancellationToken));
}
