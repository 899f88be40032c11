namespace DirectoryService.Search.Postgres;

/// <summary>
/// Places on a flat plane in metres, so PostgreSQL can find a circle's points with a GiST index over plain
/// <c>point</c>s (<c>&lt;@ circle</c>, <c>&lt;-&gt;</c>): exact, cheap tests, where earthdistance's cubes need a box
/// that holds nearly twice the circle's points and a chord test on each. A transverse Mercator on the mean-radius
/// sphere, centred on 2°W like the National Grid: its scale grows with the distance from that meridian, by 0.2 % at
/// Northern Ireland's far west, and <see cref="Scale"/> corrects for it at the search centre, so distances within a
/// search's radius stay within a few metres of the great circle.
/// </summary>
public static class PlaneProjection
{
    private const double EarthRadiusM = 6371008.8;
    private const double CentralMeridian = -2.0 * Math.PI / 180;

    public static (double X, double Y) Project(double latitude, double longitude)
    {
        var (phi, dLambda) = (latitude * Math.PI / 180, longitude * Math.PI / 180 - CentralMeridian);
        var b = Math.Cos(phi) * Math.Sin(dLambda);
        return (EarthRadiusM * Math.Atanh(b), EarthRadiusM * Math.Atan2(Math.Tan(phi), Math.Cos(dLambda)));
    }

    /// <summary>Plane metres per metre on the ground around this place.</summary>
    public static double Scale(double latitude, double longitude)
    {
        var b = Math.Cos(latitude * Math.PI / 180) * Math.Sin(longitude * Math.PI / 180 - CentralMeridian);
        return 1 / Math.Sqrt(1 - b * b);
    }
}
