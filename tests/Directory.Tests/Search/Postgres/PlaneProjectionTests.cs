using DirectoryService.Search;
using DirectoryService.Search.Postgres;

namespace Directory.Tests.Search.Postgres;

public sealed class PlaneProjectionTests
{
    [Theory]
    [InlineData(50.85, -1.07, 5)]      // Portsmouth
    [InlineData(52.48, 1.75, 20)]      // Lowestoft, the far east
    [InlineData(54.35, -7.64, 20)]     // Enniskillen, the far west
    [InlineData(58.60, -3.50, 50)]     // Thurso, the far north
    public void Plane_distances_scaled_at_the_centre_agree_with_the_great_circle(double latitude, double longitude, double radiusKm)
    {
        var centre = PlaneProjection.Project(latitude, longitude);
        var scale = PlaneProjection.Scale(latitude, longitude);
        const double earthKm = 6371.0088;
        var φ1 = latitude * Math.PI / 180;
        for (var bearing = 0; bearing < 360; bearing += 15)
        {
            foreach (var km in new[] { radiusKm / 10, radiusKm })
            {
                // The point km away on this bearing (destination-point formula on the sphere).
                var (θ, angular) = (bearing * Math.PI / 180, km / earthKm);
                var φ2 = Math.Asin(Math.Sin(φ1) * Math.Cos(angular) + Math.Cos(φ1) * Math.Sin(angular) * Math.Cos(θ));
                var λ2 = longitude * Math.PI / 180 + Math.Atan2(Math.Sin(θ) * Math.Sin(angular) * Math.Cos(φ1), Math.Cos(angular) - Math.Sin(φ1) * Math.Sin(φ2));
                var point = PlaneProjection.Project(φ2 * 180 / Math.PI, λ2 * 180 / Math.PI);

                var planeKm = Math.Sqrt(Math.Pow(point.X - centre.X, 2) + Math.Pow(point.Y - centre.Y, 2)) / scale / 1000;

                Assert.InRange(planeKm, km * 0.999, km * 1.001);
                Assert.InRange(SearchVocabulary.HaversineKm(latitude, longitude, φ2 * 180 / Math.PI, λ2 * 180 / Math.PI), km * 0.9999, km * 1.0001);
            }
        }
    }
}
