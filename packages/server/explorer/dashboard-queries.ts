// The README's dashboard queries, one tab each, for the explorer to open with.
export const DASHBOARD_TABS = [
  {
    query: `# Indicators a province's plan tracks, and how many are met
query Attainment($year: Int!, $localityCode: String!) {
  indicatorAttainment(year: $year, localityCode: $localityCode) {
    tracked
    met
    metShare
    goals {
      goal {
        code
      }
      met
    }
  }
}
`,
    variables: '{ "year": 2023, "localityCode": "51" }',
  },
  {
    query: `# Local governments of a level with at least one woman in a key post
query KeyLeaderCoverage {
  keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2023-12-31") {
    units
    withFemaleKeyLeader
    share
  }
}
`,
  },
  {
    query: `# Officials by sex, ethnicity group and level (small cells suppressed)
query OfficialsBreakdown {
  officialsBreakdown(groupBy: [SEX, ETHNICITY_GROUP, LOCALITY_LEVEL]) {
    total
    suppressedGroups
    groups {
      sex
      ethnicityGroup
      localityLevel
      count
      share
    }
  }
}
`,
  },
  {
    query: `# Training enrolments and completions by year and sex
query TrainingParticipation {
  trainingParticipation(groupBy: [YEAR, SEX], filter: { year: 2023 }) {
    enrollments
    completionRate
    groups {
      sex
      enrollments
      completions
    }
  }
}
`,
  },
  {
    query: `# An indicator's yearly values, trend and 2025 projection
query IndicatorSeries {
  indicatorSeries(indicatorCode: "MT1.1", localityCode: "51") {
    trendPerYear
    projected2025
    onTrack2025
    points {
      year
      value
      gap2025
    }
  }
}
`,
  },
  {
    query: `# An indicator rolled up over the units under a locality
query IndicatorRollup {
  indicatorRollup(indicatorCode: "MT4.1", localityCode: "51", year: 2023) {
    method
    numerator
    denominator
    value
  }
}
`,
  },
];
