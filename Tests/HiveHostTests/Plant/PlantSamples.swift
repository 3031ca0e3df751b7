/// Plant API response bodies copied from the shared sample collection
/// (`firmware-samples/plant-api`, provenance in each folder's SOURCES.md). Response data only.
enum PlantSamples {
    /// v2-reading: live service, reading id 15 (kW in *_mw fields).
    static let v2Id15 = #"""
        {
          "reading": {
            "id": 15,
            "plant_id": "complexo-paranhos",
            "collection_timestamp": "2025-11-12T14:44:14.286517Z",
            "generation": {
              "generoso": {
                "source_timestamp": "2025-11-12T14:44:14.572922Z",
                "status": "success",
                "value_mw": 2883.946
              },
              "nogueira": {
                "source_timestamp": "2025-11-12T14:44:14.572888Z",
                "status": "success",
                "value_mw": 3002.069
              }
            },
            "consumption": {
              "container_eles": {
                "source_timestamp": "2025-11-12T14:44:14.572927Z",
                "status": "success",
                "value_mw": 734.220875
              },
              "container_mazp": {
                "source_timestamp": "2025-11-12T14:44:14.572896Z",
                "status": "success",
                "value_mw": 913.7113125
              }
            },
            "totals": {
              "generation_mw": 5886.014999999999,
              "consumption_mw": 1647.9321875,
              "exported_mw": 4238.082812499999
            },
            "trust": {
              "confidence_score": 1,
              "status": "trusted",
              "summary": "All critical checks passed"
            }
          }
        }
        """#

    /// v2-reading: live service, reading id 16 (same values as id 15, next poll).
    static let v2Id16 = #"""
        {
          "reading": {
            "id": 16,
            "plant_id": "complexo-paranhos",
            "collection_timestamp": "2025-11-12T14:44:25.77415Z",
            "generation": {
              "generoso": {
                "source_timestamp": "2025-11-12T14:44:26.058475Z",
                "status": "success",
                "value_mw": 2883.946
              },
              "nogueira": {
                "source_timestamp": "2025-11-12T14:44:26.059175Z",
                "status": "success",
                "value_mw": 3002.069
              }
            },
            "consumption": {
              "container_eles": {
                "source_timestamp": "2025-11-12T14:44:26.059572Z",
                "status": "success",
                "value_mw": 734.220875
              },
              "container_mazp": {
                "source_timestamp": "2025-11-12T14:44:26.05877Z",
                "status": "success",
                "value_mw": 913.7113125
              }
            },
            "totals": {
              "generation_mw": 5886.014999999999,
              "consumption_mw": 1647.9321875,
              "exported_mw": 4238.082812499999
            },
            "trust": {
              "confidence_score": 1,
              "status": "trusted",
              "summary": "All critical checks passed"
            }
          }
        }
        """#

    /// v2-reading: live service, reading id 36.
    static let v2Id36 = #"""
        {
          "reading": {
            "id": 36,
            "plant_id": "complexo-paranhos",
            "collection_timestamp": "2025-11-12T14:54:25.785133Z",
            "generation": {
              "generoso": {
                "source_timestamp": "2025-11-12T14:54:26.073258Z",
                "status": "success",
                "value_mw": 2892.607
              },
              "nogueira": {
                "source_timestamp": "2025-11-12T14:54:26.073662Z",
                "status": "success",
                "value_mw": 2939.621
              }
            },
            "consumption": {
              "container_eles": {
                "source_timestamp": "2025-11-12T14:54:26.074005Z",
                "status": "success",
                "value_mw": 730.402125
              },
              "container_mazp": {
                "source_timestamp": "2025-11-12T14:54:26.073818Z",
                "status": "success",
                "value_mw": 917.85
              }
            },
            "totals": {
              "generation_mw": 5832.228,
              "consumption_mw": 1648.252125,
              "exported_mw": 4183.975875
            },
            "trust": {
              "confidence_score": 1,
              "status": "trusted",
              "summary": "All critical checks passed"
            }
          }
        }
        """#

    /// v1-list: live service, older list shape, compact (2025-11-03).
    static let v1List = #"""
        {"success":true,"count":10,"data":[{"timestamp":"2025-11-03T14:49:01.627129Z","plant_id":"complexo-paranhos","total_generation":5047.508,"container_consumption":{"container_eles":516.1445,"container_mazp":816.3255}},{"timestamp":"2025-11-03T14:48:31.656137Z","plant_id":"complexo-paranhos","total_generation":5047.508,"container_consumption":{"container_eles":516.1445,"container_mazp":816.3255}},{"timestamp":"2025-11-03T14:48:01.610392Z","plant_id":"complexo-paranhos","total_generation":4998.088,"container_consumption":{"container_eles":516.0891875,"container_mazp":807.7753125}},{"timestamp":"2025-11-03T14:47:31.60569Z","plant_id":"complexo-paranhos","total_generation":4998.088,"container_consumption":{"container_eles":516.0891875,"container_mazp":807.7753125}},{"timestamp":"2025-11-03T14:47:01.606498Z","plant_id":"complexo-paranhos","total_generation":5005.343,"container_consumption":{"container_eles":517.285,"container_mazp":802.2821875}},{"timestamp":"2025-11-03T14:46:31.599926Z","plant_id":"complexo-paranhos","total_generation":5005.343,"container_consumption":{"container_eles":517.285,"container_mazp":802.2821875}},{"timestamp":"2025-11-03T14:46:01.601827Z","plant_id":"complexo-paranhos","total_generation":4998.776,"container_consumption":{"container_eles":517.6376875,"container_mazp":794.0095}},{"timestamp":"2025-11-03T14:45:31.606693Z","plant_id":"complexo-paranhos","total_generation":4998.776,"container_consumption":{"container_eles":517.6376875,"container_mazp":794.0095}},{"timestamp":"2025-11-03T14:45:01.609842Z","plant_id":"complexo-paranhos","total_generation":5026.839,"container_consumption":{"container_eles":516.188,"container_mazp":785.5251875}},{"timestamp":"2025-11-03T14:44:31.634033Z","plant_id":"complexo-paranhos","total_generation":5026.839,"container_consumption":{"container_eles":516.188,"container_mazp":785.5251875}}]}
        """#

    /// v1-list: live service, older list shape (2025-11-06).
    static let v1List20251106 = #"""
        {
          "success": true,
          "count": 10,
          "data": [
            {
              "timestamp": "2025-11-06T12:35:33.594414Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2908.695,
              "container_consumption": {
                "container_eles": 561.6146875,
                "container_mazp": 880.804125
              }
            },
            {
              "timestamp": "2025-11-06T12:35:03.537606Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2897.801,
              "container_consumption": {
                "container_eles": 565.49,
                "container_mazp": 877.827125
              }
            },
            {
              "timestamp": "2025-11-06T12:34:33.495539Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2897.801,
              "container_consumption": {
                "container_eles": 565.49,
                "container_mazp": 877.827125
              }
            },
            {
              "timestamp": "2025-11-06T12:34:03.432462Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2902.901,
              "container_consumption": {
                "container_eles": 562.699875,
                "container_mazp": 876.524375
              }
            },
            {
              "timestamp": "2025-11-06T12:33:33.662201Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2902.901,
              "container_consumption": {
                "container_eles": 562.699875,
                "container_mazp": 876.524375
              }
            },
            {
              "timestamp": "2025-11-06T12:33:03.903979Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2922.521,
              "container_consumption": {
                "container_eles": 559.987375,
                "container_mazp": 875.664875
              }
            },
            {
              "timestamp": "2025-11-06T12:32:33.196317Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2922.521,
              "container_consumption": {
                "container_eles": 559.987375,
                "container_mazp": 875.664875
              }
            },
            {
              "timestamp": "2025-11-06T12:32:03.556607Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2942.297,
              "container_consumption": {
                "container_eles": 562.065,
                "container_mazp": 877.2261875
              }
            },
            {
              "timestamp": "2025-11-06T12:31:33.297447Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2942.297,
              "container_consumption": {
                "container_eles": 562.065,
                "container_mazp": 877.2261875
              }
            },
            {
              "timestamp": "2025-11-06T12:31:03.188727Z",
              "plant_id": "complexo-paranhos",
              "total_generation": 2872.725,
              "container_consumption": {
                "container_eles": 566.8561875,
                "container_mazp": 876.7925
              }
            }
          ]
        }
        """#

    /// test-server: the old simulator, which really puts MW in *_mw fields.
    static let testServer = #"""
        {
          "reading": {
            "id": 1762969816,
            "plant_id": "complexo-paranhos",
            "collection_timestamp": "2025-11-12T17:50:16.769775Z",
            "generation": {
              "generoso": {
                "source_timestamp": "2025-11-12T17:50:16.769775Z",
                "status": "success",
                "value_mw": 0.0015938070149541699
              },
              "nogueira": {
                "source_timestamp": "2025-11-12T17:50:16.769775Z",
                "status": "success",
                "value_mw": 0.0016026070390630894
              }
            },
            "consumption": {
              "container_eles": {
                "source_timestamp": "2025-11-12T17:50:16.769775Z",
                "status": "success",
                "value_mw": 0
              },
              "container_mazp": {
                "source_timestamp": "2025-11-12T17:50:16.769775Z",
                "status": "success",
                "value_mw": 0
              }
            },
            "totals": {
              "generation_mw": 0.0031964140540172593,
              "consumption_mw": 0,
              "exported_mw": 0.0031964140540172593
            },
            "trust": {
              "confidence_score": 1,
              "status": "trusted",
              "summary": "Test data - all checks passed"
            }
          }
        }
        """#

    /// test-server README example (hand-written, MW).
    static let testServerReadme = #"""
        {
          "reading": {
            "collection_timestamp": "2025-11-12T15:34:25.829179Z",
            "consumption": {
              "container_eles": {
                "source_timestamp": "2025-11-12T15:34:26.103732Z",
                "status": "success",
                "value_mw": 45.2
              },
              "container_mazp": {
                "source_timestamp": "2025-11-12T15:34:26.103778Z",
                "status": "success",
                "value_mw": 54.8
              }
            },
            "generation": {
              "generoso": {
                "source_timestamp": "2025-11-12T15:34:26.103678Z",
                "status": "success",
                "value_mw": 120.5
              },
              "nogueira": {
                "source_timestamp": "2025-11-12T15:34:26.103772Z",
                "status": "success",
                "value_mw": 115.3
              }
            },
            "totals": {
              "consumption_mw": 100.0,
              "exported_mw": 135.8,
              "generation_mw": 235.8
            },
            "trust": {
              "confidence_score": 1.0,
              "status": "trusted",
              "summary": "Test data - all checks passed"
            }
          }
        }
        """#

    /// test-server /health README example (not a reading).
    static let testServerHealth = #"""
        {
          "status": "ok",
          "generation_range": [0.05, 0.15],
          "consumption_range": [0.03, 0.10],
          "current_generation": 0.12,
          "current_consumption": 0.07
        }
        """#

    /// v2-reading: 22 consecutive live polls (JSON Lines), reading ids 15…36.
    static let v2Series: [String] = [
        #"{"reading": {"id": 15, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:44:14.286517Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:44:14.572922Z", "status": "success", "value_mw": 2883.946}, "nogueira": {"source_timestamp": "2025-11-12T14:44:14.572888Z", "status": "success", "value_mw": 3002.069}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:44:14.572927Z", "status": "success", "value_mw": 734.220875}, "container_mazp": {"source_timestamp": "2025-11-12T14:44:14.572896Z", "status": "success", "value_mw": 913.7113125}}, "totals": {"generation_mw": 5886.014999999999, "consumption_mw": 1647.9321875, "exported_mw": 4238.082812499999}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 16, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:44:25.77415Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:44:26.058475Z", "status": "success", "value_mw": 2883.946}, "nogueira": {"source_timestamp": "2025-11-12T14:44:26.059175Z", "status": "success", "value_mw": 3002.069}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:44:26.059572Z", "status": "success", "value_mw": 734.220875}, "container_mazp": {"source_timestamp": "2025-11-12T14:44:26.05877Z", "status": "success", "value_mw": 913.7113125}}, "totals": {"generation_mw": 5886.014999999999, "consumption_mw": 1647.9321875, "exported_mw": 4238.082812499999}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 17, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:45:14.287137Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:45:14.584986Z", "status": "success", "value_mw": 2889.495}, "nogueira": {"source_timestamp": "2025-11-12T14:45:14.585471Z", "status": "success", "value_mw": 3001.154}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:45:14.585574Z", "status": "success", "value_mw": 734.696}, "container_mazp": {"source_timestamp": "2025-11-12T14:45:14.585197Z", "status": "success", "value_mw": 913.2586875}}, "totals": {"generation_mw": 5890.648999999999, "consumption_mw": 1647.9546875, "exported_mw": 4242.6943125}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 18, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:45:25.775308Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:45:26.059397Z", "status": "success", "value_mw": 2889.495}, "nogueira": {"source_timestamp": "2025-11-12T14:45:26.059401Z", "status": "success", "value_mw": 3001.154}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:45:26.059406Z", "status": "success", "value_mw": 734.696}, "container_mazp": {"source_timestamp": "2025-11-12T14:45:26.059404Z", "status": "success", "value_mw": 913.2586875}}, "totals": {"generation_mw": 5890.648999999999, "consumption_mw": 1647.9546875, "exported_mw": 4242.6943125}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 19, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:46:14.287429Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:46:14.567686Z", "status": "success", "value_mw": 2883.46}, "nogueira": {"source_timestamp": "2025-11-12T14:46:14.567743Z", "status": "success", "value_mw": 2978.175}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:46:14.56775Z", "status": "success", "value_mw": 734.998125}, "container_mazp": {"source_timestamp": "2025-11-12T14:46:14.567747Z", "status": "success", "value_mw": 912.1193125}}, "totals": {"generation_mw": 5861.635, "consumption_mw": 1647.1174375, "exported_mw": 4214.5175625}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 20, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:46:25.776362Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:46:26.05637Z", "status": "success", "value_mw": 2883.46}, "nogueira": {"source_timestamp": "2025-11-12T14:46:26.056001Z", "status": "success", "value_mw": 2978.175}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:46:26.056385Z", "status": "success", "value_mw": 734.998125}, "container_mazp": {"source_timestamp": "2025-11-12T14:46:26.056378Z", "status": "success", "value_mw": 912.1193125}}, "totals": {"generation_mw": 5861.635, "consumption_mw": 1647.1174375, "exported_mw": 4214.5175625}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 21, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:47:14.298331Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:47:14.607983Z", "status": "success", "value_mw": 2872.034}, "nogueira": {"source_timestamp": "2025-11-12T14:47:14.607987Z", "status": "success", "value_mw": 2989.357}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:47:14.607991Z", "status": "success", "value_mw": 732.594875}, "container_mazp": {"source_timestamp": "2025-11-12T14:47:14.607989Z", "status": "success", "value_mw": 914.006375}}, "totals": {"generation_mw": 5861.391, "consumption_mw": 1646.6012500000002, "exported_mw": 4214.78975}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 22, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:47:25.792939Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:47:26.074689Z", "status": "success", "value_mw": 2872.034}, "nogueira": {"source_timestamp": "2025-11-12T14:47:26.075062Z", "status": "success", "value_mw": 2989.357}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:47:26.074362Z", "status": "success", "value_mw": 732.594875}, "container_mazp": {"source_timestamp": "2025-11-12T14:47:26.074465Z", "status": "success", "value_mw": 914.006375}}, "totals": {"generation_mw": 5861.391, "consumption_mw": 1646.6012500000002, "exported_mw": 4214.78975}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 23, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:48:14.288452Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:48:14.574333Z", "status": "success", "value_mw": 2877.77}, "nogueira": {"source_timestamp": "2025-11-12T14:48:14.574409Z", "status": "success", "value_mw": 3022.515}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:48:14.574201Z", "status": "success", "value_mw": 732.372625}, "container_mazp": {"source_timestamp": "2025-11-12T14:48:14.573832Z", "status": "success", "value_mw": 917.4971875}}, "totals": {"generation_mw": 5900.285, "consumption_mw": 1649.8698125, "exported_mw": 4250.4151875}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 24, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:48:25.78849Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:48:26.069627Z", "status": "success", "value_mw": 2877.77}, "nogueira": {"source_timestamp": "2025-11-12T14:48:26.069908Z", "status": "success", "value_mw": 3022.515}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:48:26.070073Z", "status": "success", "value_mw": 732.372625}, "container_mazp": {"source_timestamp": "2025-11-12T14:48:26.070025Z", "status": "success", "value_mw": 917.4971875}}, "totals": {"generation_mw": 5900.285, "consumption_mw": 1649.8698125, "exported_mw": 4250.4151875}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 25, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:49:14.288578Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:49:14.57553Z", "status": "success", "value_mw": 2898.359}, "nogueira": {"source_timestamp": "2025-11-12T14:49:14.575534Z", "status": "success", "value_mw": 3004.789}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:49:14.575544Z", "status": "success", "value_mw": 728.520875}, "container_mazp": {"source_timestamp": "2025-11-12T14:49:14.575538Z", "status": "success", "value_mw": 915.7206875}}, "totals": {"generation_mw": 5903.148, "consumption_mw": 1644.2415625, "exported_mw": 4258.9064375}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 26, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:49:25.780239Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:49:26.07066Z", "status": "success", "value_mw": 2898.359}, "nogueira": {"source_timestamp": "2025-11-12T14:49:26.070684Z", "status": "success", "value_mw": 3004.789}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:49:26.070667Z", "status": "success", "value_mw": 728.520875}, "container_mazp": {"source_timestamp": "2025-11-12T14:49:26.070664Z", "status": "success", "value_mw": 915.7206875}}, "totals": {"generation_mw": 5903.148, "consumption_mw": 1644.2415625, "exported_mw": 4258.9064375}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 27, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:50:14.288995Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:50:14.585585Z", "status": "success", "value_mw": 2883.591}, "nogueira": {"source_timestamp": "2025-11-12T14:50:14.584832Z", "status": "success", "value_mw": 2951.977}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:50:14.585593Z", "status": "success", "value_mw": 730.696125}, "container_mazp": {"source_timestamp": "2025-11-12T14:50:14.585079Z", "status": "success", "value_mw": 915.8311875}}, "totals": {"generation_mw": 5835.567999999999, "consumption_mw": 1646.5273125, "exported_mw": 4189.040687499999}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 28, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:50:25.79368Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:50:26.074981Z", "status": "success", "value_mw": 2883.591}, "nogueira": {"source_timestamp": "2025-11-12T14:50:26.074966Z", "status": "success", "value_mw": 2951.977}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:50:26.074969Z", "status": "success", "value_mw": 730.696125}, "container_mazp": {"source_timestamp": "2025-11-12T14:50:26.074983Z", "status": "success", "value_mw": 915.8311875}}, "totals": {"generation_mw": 5835.567999999999, "consumption_mw": 1646.5273125, "exported_mw": 4189.040687499999}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 29, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:51:14.289622Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:51:14.581067Z", "status": "success", "value_mw": 2888.507}, "nogueira": {"source_timestamp": "2025-11-12T14:51:14.581218Z", "status": "success", "value_mw": 3003.699}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:51:14.580245Z", "status": "success", "value_mw": 732.619625}, "container_mazp": {"source_timestamp": "2025-11-12T14:51:14.580163Z", "status": "success", "value_mw": 916.3626875}}, "totals": {"generation_mw": 5892.206, "consumption_mw": 1648.9823125, "exported_mw": 4243.2236875}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 30, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:51:25.78246Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:51:26.080998Z", "status": "success", "value_mw": 2888.507}, "nogueira": {"source_timestamp": "2025-11-12T14:51:26.080062Z", "status": "success", "value_mw": 3003.699}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:51:26.081006Z", "status": "success", "value_mw": 732.619625}, "container_mazp": {"source_timestamp": "2025-11-12T14:51:26.080674Z", "status": "success", "value_mw": 916.3626875}}, "totals": {"generation_mw": 5892.206, "consumption_mw": 1648.9823125, "exported_mw": 4243.2236875}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 31, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:52:14.314891Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:52:14.596202Z", "status": "success", "value_mw": 2882.702}, "nogueira": {"source_timestamp": "2025-11-12T14:52:14.597968Z", "status": "success", "value_mw": 2974.142}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:52:14.59799Z", "status": "success", "value_mw": 732.8781875}, "container_mazp": {"source_timestamp": "2025-11-12T14:52:14.597987Z", "status": "success", "value_mw": 915.400875}}, "totals": {"generation_mw": 5856.844, "consumption_mw": 1648.2790625, "exported_mw": 4208.5649375}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 32, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:52:25.785675Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:52:26.10222Z", "status": "success", "value_mw": 2882.702}, "nogueira": {"source_timestamp": "2025-11-12T14:52:26.102995Z", "status": "success", "value_mw": 2974.142}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:52:26.102511Z", "status": "success", "value_mw": 732.8781875}, "container_mazp": {"source_timestamp": "2025-11-12T14:52:26.1031Z", "status": "success", "value_mw": 915.400875}}, "totals": {"generation_mw": 5856.844, "consumption_mw": 1648.2790625, "exported_mw": 4208.5649375}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 33, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:53:14.290259Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:53:14.582696Z", "status": "success", "value_mw": 2863.441}, "nogueira": {"source_timestamp": "2025-11-12T14:53:14.582708Z", "status": "success", "value_mw": 2972.219}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:53:14.582745Z", "status": "success", "value_mw": 730.2891875}, "container_mazp": {"source_timestamp": "2025-11-12T14:53:14.582738Z", "status": "success", "value_mw": 915.924125}}, "totals": {"generation_mw": 5835.66, "consumption_mw": 1646.2133125, "exported_mw": 4189.4466875}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 34, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:53:25.784251Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:53:26.066067Z", "status": "success", "value_mw": 2863.441}, "nogueira": {"source_timestamp": "2025-11-12T14:53:26.067748Z", "status": "success", "value_mw": 2972.219}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:53:26.06436Z", "status": "success", "value_mw": 730.2891875}, "container_mazp": {"source_timestamp": "2025-11-12T14:53:26.067766Z", "status": "success", "value_mw": 915.924125}}, "totals": {"generation_mw": 5835.66, "consumption_mw": 1646.2133125, "exported_mw": 4189.4466875}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 35, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:54:14.290655Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:54:14.571387Z", "status": "success", "value_mw": 2892.607}, "nogueira": {"source_timestamp": "2025-11-12T14:54:14.571391Z", "status": "success", "value_mw": 2939.621}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:54:14.571342Z", "status": "success", "value_mw": 730.402125}, "container_mazp": {"source_timestamp": "2025-11-12T14:54:14.571402Z", "status": "success", "value_mw": 917.85}}, "totals": {"generation_mw": 5832.228, "consumption_mw": 1648.252125, "exported_mw": 4183.975875}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
        #"{"reading": {"id": 36, "plant_id": "complexo-paranhos", "collection_timestamp": "2025-11-12T14:54:25.785133Z", "generation": {"generoso": {"source_timestamp": "2025-11-12T14:54:26.073258Z", "status": "success", "value_mw": 2892.607}, "nogueira": {"source_timestamp": "2025-11-12T14:54:26.073662Z", "status": "success", "value_mw": 2939.621}}, "consumption": {"container_eles": {"source_timestamp": "2025-11-12T14:54:26.074005Z", "status": "success", "value_mw": 730.402125}, "container_mazp": {"source_timestamp": "2025-11-12T14:54:26.073818Z", "status": "success", "value_mw": 917.85}}, "totals": {"generation_mw": 5832.228, "consumption_mw": 1648.252125, "exported_mw": 4183.975875}, "trust": {"confidence_score": 1, "status": "trusted", "summary": "All critical checks passed"}}}"#,
    ]
}
